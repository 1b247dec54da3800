/* netif.c - network interface ioctls on a socket, as ifconfig, uuid's node
 * lookup and socket.if_nametoindex use them: SIOCGIFCONF (a structure holding
 * a pointer to the ifreq array; the length alone with a NULL buffer), then
 * SIOCGIFINDEX/NAME/FLAGS/MTU/ADDR/NETMASK/HWADDR of lo and a missing interface.
 * With --bad-pointers: only the EFAULT answers for unmapped buffers (qemu 7.2
 * aborts on those, so they are checked against Linux's answer instead). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static void show_address(const char *what, struct sockaddr *sa) {
    struct sockaddr_in *in = (struct sockaddr_in *)sa;
    printf("  %s: family %d %s\n", what, sa->sa_family, sa->sa_family == AF_INET ? inet_ntoa(in->sin_addr) : "-");
}

static int bad_pointers(int s) {
    struct ifreq list[4];
    struct ifconf conf = {.ifc_len = sizeof list, .ifc_buf = (char *)16};
    errno = 0;
    int r = ioctl(s, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF into address 16: %d %s\n", r, strerror(errno));
    errno = 0;
    r = ioctl(s, SIOCGIFCONF, (struct ifconf *)16);
    printf("SIOCGIFCONF at address 16: %d %s\n", r, strerror(errno));
    errno = 0;
    r = ioctl(s, SIOCGIFFLAGS, (struct ifreq *)16);
    printf("SIOCGIFFLAGS at address 16: %d %s\n", r, strerror(errno));
    (void)list;
    return 0;
}

int main(int argc, char **argv) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    if (argc > 1 && strcmp(argv[1], "--bad-pointers") == 0) return bad_pointers(s);

    /* The interfaces other than lo differ between machines: only lo's entry and
     * properties every entry has are printed. */
    struct ifconf conf = {.ifc_len = 0, .ifc_buf = NULL};
    int r = ioctl(s, SIOCGIFCONF, &conf);
    int needed = conf.ifc_len;
    printf("SIOCGIFCONF with no buffer: %d, needs whole entries of %zu bytes: %s, at least one: %s\n", r,
           sizeof(struct ifreq), needed % (int)sizeof(struct ifreq) == 0 ? "yes" : "no",
           needed >= (int)sizeof(struct ifreq) ? "yes" : "no");
    struct ifreq list[32];
    conf.ifc_len = sizeof list;
    conf.ifc_req = list;
    r = ioctl(s, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF: %d, same length as asked: %s\n", r, conf.ifc_len == needed ? "yes" : "no");
    int named = 0, inet = 0, entries = conf.ifc_len / (int)sizeof(struct ifreq);
    for (int i = 0; i < entries; i++) {
        named += list[i].ifr_name[0] != 0 && strnlen(list[i].ifr_name, IFNAMSIZ) < IFNAMSIZ;
        inet += list[i].ifr_addr.sa_family == AF_INET;
        if (strcmp(list[i].ifr_name, "lo") == 0) show_address("lo's entry", &list[i].ifr_addr);
    }
    printf("every entry named: %s, every entry AF_INET: %s\n", named == entries ? "yes" : "no",
           inet == entries ? "yes" : "no");
    /* Too small a buffer: only whole entries, ifc_len says how many bytes. */
    conf.ifc_len = (int)sizeof(struct ifreq) + 7;
    r = ioctl(s, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF into one entry and 7 bytes: %d, %d bytes\n", r, conf.ifc_len);

    struct ifreq req;
    memset(&req, 0, sizeof req);
    strcpy(req.ifr_name, "lo");
    r = ioctl(s, SIOCGIFINDEX, &req);
    int index = req.ifr_ifindex;
    printf("lo: SIOCGIFINDEX %d index %d\n", r, index);
    memset(&req, 0, sizeof req);
    req.ifr_ifindex = index;
    r = ioctl(s, SIOCGIFNAME, &req);
    printf("index %d: SIOCGIFNAME %d name %s\n", index, r, req.ifr_name);
    strcpy(req.ifr_name, "lo");
    r = ioctl(s, SIOCGIFFLAGS, &req);
    printf("lo: SIOCGIFFLAGS %d up %d loopback %d running %d\n", r, !!(req.ifr_flags & IFF_UP),
           !!(req.ifr_flags & IFF_LOOPBACK), !!(req.ifr_flags & IFF_RUNNING));
    r = ioctl(s, SIOCGIFMTU, &req);
    printf("lo: SIOCGIFMTU %d mtu %d\n", r, req.ifr_mtu);
    r = ioctl(s, SIOCGIFADDR, &req);
    show_address("SIOCGIFADDR", &req.ifr_addr);
    r = ioctl(s, SIOCGIFNETMASK, &req);
    show_address("SIOCGIFNETMASK", &req.ifr_netmask);
    r = ioctl(s, SIOCGIFHWADDR, &req);
    printf("lo: SIOCGIFHWADDR %d type %d (ARPHRD_LOOPBACK %d)\n", r, req.ifr_hwaddr.sa_family, ARPHRD_LOOPBACK);
    strcpy(req.ifr_name, "no-such-if0");
    errno = 0;
    r = ioctl(s, SIOCGIFINDEX, &req);
    printf("no-such-if0: SIOCGIFINDEX %d %s\n", r, strerror(errno));
    close(s);
    return 0;
}
