/* Baseline: N JSON posts over ONE easy handle with keep-alive, every status checked.
 * Prints "requests=N seconds=S cpu_seconds=C" (CPU from getrusage: user + system).
 *
 * Build: cc -O2 -o bench/raw_libcurl bench/raw_libcurl.c -lcurl
 * Usage: bench/raw_libcurl URL [N=20000] [BODY_BYTES=500]
 * The body is {"msgtype":"text","text":{"content":"aaa…"}} padded to BODY_BYTES, as in curl-bench. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: raw_libcurl URL [N=20000] [BODY_BYTES=500]\n");
        return 64;
    }
    const char *url = argv[1];
    long total = argc > 2 ? atol(argv[2]) : 20000;
    long body_bytes = argc > 3 ? atol(argv[3]) : 500;

    const char *prefix = "{\"msgtype\":\"text\",\"text\":{\"content\":\"";
    const char *suffix = "\"}}";
    long padding = body_bytes - (long)strlen(prefix) - (long)strlen(suffix);
    if (padding < 0) padding = 0;
    size_t length = strlen(prefix) + (size_t)padding + strlen(suffix);
    char *body = malloc(length + 1);
    strcpy(body, prefix);
    memset(body + strlen(prefix), 'a', (size_t)padding);
    strcpy(body + strlen(prefix) + padding, suffix);

    curl_global_init(CURL_GLOBAL_ALL);
    CURL *easy = curl_easy_init();
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "Outreach/1.0 libcurl");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);

    double cpu_before = cpu_seconds();
    double start = now_seconds();
    long failures = 0;
    for (long i = 0; i < total; i++) {
        CURLcode code = curl_easy_perform(easy);
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        if (code != CURLE_OK || status != 200) failures++;
    }
    double seconds = now_seconds() - start;
    double cpu = cpu_seconds() - cpu_before;
    printf("requests=%ld seconds=%.3f cpu_seconds=%.3f\n", total, seconds, cpu);

    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    curl_global_cleanup();
    free(body);
    if (failures > 0) {
        fprintf(stderr, "raw_libcurl: %ld requests failed or were not 200\n", failures);
        return 1;
    }
    return 0;
}
