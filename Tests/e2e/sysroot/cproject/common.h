double mean(const double *v, int n);
double stddev(const double *v, int n);
int count_words(const char *s);
void reverse(char *s);
