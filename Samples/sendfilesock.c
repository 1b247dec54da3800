/* sendfilesock.c - test_socket's SendfileUsingSendfileTest.testOffset in C: a
 * client thread sends a file larger than the loopback socket buffers with
 * sendfile(2) from an offset while the main thread accepts and receives it.
 * sendfile waits for the receiver to drain the socket, so a translator that
 * keeps its run lock during the call deadlocks (the alarm turns that into a
 * failure). Prints what arrived and where the offset ended. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#define FILE_SIZE (16 << 20)
#define OFFSET 5000

static int file_fd;
static struct sockaddr_in server;
static off_t final_offset;
static long sent_total, sendfile_calls;

static void *client(void *arg) {
    (void)arg;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&server, sizeof server) != 0) { perror("connect"); exit(1); }
    off_t offset = OFFSET;
    while (offset < FILE_SIZE) {
        ssize_t n = sendfile(s, file_fd, &offset, FILE_SIZE - offset);
        if (n <= 0) { perror("sendfile"); exit(1); }
        sent_total += n;
        sendfile_calls++;
    }
    final_offset = offset;
    close(s);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    alarm(60);
    char path[] = "/tmp/tern-sendfile-XXXXXX";
    file_fd = mkstemp(path);
    if (file_fd < 0) { perror("mkstemp"); return 1; }
    unlink(path);
    static uint64_t content[FILE_SIZE / 8];
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < FILE_SIZE / 8; i++) { x = x * 6364136223846793005u + 1442695040888963407u; content[i] = x; }
    if (write(file_fd, content, FILE_SIZE) != FILE_SIZE) { perror("write"); return 1; }

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof server;
    if (bind(listener, (struct sockaddr *)&server, sizeof server) != 0 || listen(listener, 1) != 0 ||
        getsockname(listener, (struct sockaddr *)&server, &length) != 0) { perror("listen"); return 1; }
    pthread_t thread;
    pthread_create(&thread, NULL, client, NULL);
    int conn = accept(listener, NULL, NULL);
    if (conn < 0) { perror("accept"); return 1; }

    static unsigned char arrived[FILE_SIZE];
    size_t received = 0;
    ssize_t n;
    while (received < sizeof arrived && (n = recv(conn, arrived + received, sizeof arrived - received, 0)) > 0)
        received += n;
    pthread_join(thread, NULL);
    printf("received %zu bytes (expected %d), %s the file from offset %d\n", received, FILE_SIZE - OFFSET,
           received == FILE_SIZE - OFFSET && memcmp(arrived, (char *)content + OFFSET, received) == 0 ? "equal to" : "NOT equal to",
           OFFSET);
    printf("sent %ld bytes, offset now %lld, at least one call: %s\n", sent_total, (long long)final_offset,
           sendfile_calls > 0 ? "yes" : "no");
    return 0;
}
