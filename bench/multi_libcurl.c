/* The limit for notice delivery (issue 14): N JSON posts through libcurl's multi interface with CONCURRENCY
 * transfers in flight, connections kept alive and reused, every status and every body checked for the WeCom
 * success reply ({"errcode":0,...}). No database, no rendering: what libcurl alone reaches on this machine.
 * Prints "requests=N ok=K seconds=S cpu_seconds=C" (CPU from getrusage: user + system).
 *
 * Build: cc -O2 -o multi_libcurl bench/multi_libcurl.c -lcurl
 * Usage: multi_libcurl URL [N=20000] [BODY_BYTES=1024] [CONCURRENCY=32] */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct transfer {
    CURL *easy;
    char reply[256];
    size_t length;
};

static size_t keep_reply(char *data, size_t size, size_t count, void *context) {
    struct transfer *t = context;
    size_t n = size * count;
    size_t room = sizeof t->reply - 1 - t->length;
    memcpy(t->reply + t->length, data, n < room ? n : room);
    t->length += n < room ? n : room;
    t->reply[t->length] = 0;
    return n;
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
        fprintf(stderr, "usage: %s URL [N] [BODY_BYTES] [CONCURRENCY]\n", argv[0]);
        return 64;
    }
    const char *url = argv[1];
    long total = argc > 2 ? atol(argv[2]) : 20000;
    long body_bytes = argc > 3 ? atol(argv[3]) : 1024;
    long concurrency = argc > 4 ? atol(argv[4]) : 32;
    if (total < 1 || body_bytes < 64 || concurrency < 1) return 64;

    /* {"msgtype":"text","text":{"content":"aaa…"}} padded to BODY_BYTES. */
    char *body = malloc(body_bytes + 1);
    const char *head = "{\"msgtype\":\"text\",\"text\":{\"content\":\"";
    const char *tail = "\"}}";
    size_t fill = body_bytes - strlen(head) - strlen(tail);
    strcpy(body, head);
    memset(body + strlen(head), 'a', fill);
    strcpy(body + strlen(head) + fill, tail);

    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, concurrency);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    struct transfer *slots = calloc(concurrency, sizeof *slots);

    double cpu0 = cpu_seconds(), t0 = now_seconds();
    long started = 0, finished = 0, ok = 0;
    for (long i = 0; i < concurrency && started < total; i++, started++) {
        struct transfer *t = &slots[i];
        t->easy = curl_easy_init();
        curl_easy_setopt(t->easy, CURLOPT_URL, url);
        curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, keep_reply);
        curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
        curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
        curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(t->easy, CURLOPT_TIMEOUT, 10L);
        curl_multi_add_handle(multi, t->easy);
    }
    while (finished < total) {
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        int left;
        while ((message = curl_multi_info_read(multi, &left))) {
            if (message->msg != CURLMSG_DONE) continue;
            struct transfer *t;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            long status = 0;
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            if (message->data.result == CURLE_OK && status == 200 && strstr(t->reply, "\"errcode\":0")) ok++;
            finished++;
            curl_multi_remove_handle(multi, t->easy);
            t->length = 0;
            t->reply[0] = 0;
            if (started < total) {
                started++;
                curl_multi_add_handle(multi, t->easy);  /* the same handle: its connection is reused */
            }
        }
        if (finished < total) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    double seconds = now_seconds() - t0, cpu = cpu_seconds() - cpu0;
    printf("requests=%ld ok=%ld seconds=%.4f cpu_seconds=%.4f\n", total, ok, seconds, cpu);
    return ok == total ? 0 : 1;
}
