/* A flash sale (秒杀): COUNT connections, all open first, each sends one order for the same
 * product at one instant (a tight loop over the sockets), then every answer is read with epoll.
 * Prints one line:
 *   FLASH sent=N created=N out_of_stock=N other_4xx=N server_errors=N unanswered=N
 *         p50_ms=X p99_ms=X max_ms=X send_ms=X client_cpu_ms=X
 * latencies from each request's send to its whole answer; send_ms is how long the sending loop
 * took (no answer is read before it ends) and client_cpu_ms this client's own CPU from the first
 * send to the last answer (it shares the cores with the server, so it is kept small: C, one
 * epoll loop, no per-answer allocation). Connections are spread round-robin over the PORTS
 * (replicas of one database). With a last argument `timeline`, a second line tells when the
 * answers came, in ms after the first request was sent:
 *   TIMELINE created=first/median/last out_of_stock=first/p10/p50/p90/p99/last
 *            slowest1pct_sent=first/last
 * Loopback only, bounded (30 s for the answers). Built by the benchmark harness with `cc -O2`.
 *
 * Usage: flash-sale HOST PORTS(comma-separated) SHOP_ID PRODUCT_ID TOKEN COUNT RUN_TAG [timeline] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

enum { ANSWER_ROOM = 8192, MAX_PORTS = 16 };

/* One buyer: its socket, what it has read, and how its answer ended. */
typedef struct {
    int fd;
    size_t used;
    double sent_at, answered_at;
    int status;        /* 0 while unanswered or when closed without a whole answer */
    int out_of_stock;  /* a 409 whose error code is out_of_stock */
    int done;
    char buffer[ANSWER_ROOM];
} Buyer;

static double now_s(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

/* The value of header `name` (case-insensitive) in `head`, or -1. */
static long header_number(const char *head, size_t length, const char *name) {
    size_t name_length = strlen(name);
    for (const char *line = head; line < head + length;) {
        const char *end = memmem(line, (size_t)(head + length - line), "\r\n", 2);
        if (!end) end = head + length;
        if ((size_t)(end - line) > name_length && strncasecmp(line, name, name_length) == 0 && line[name_length] == ':')
            return strtol(line + name_length + 1, NULL, 10);
        line = end + 2;
    }
    return -1;
}

/* Whether the JSON error body names `code` as its "code" (spaces after the colon allowed). */
static int error_code_is(const char *body, size_t length, const char *code) {
    const char *key = memmem(body, length, "\"code\"", 6);
    if (!key) return 0;
    const char *p = key + 6, *end = body + length;
    while (p < end && (*p == ' ' || *p == ':')) p++;
    size_t code_length = strlen(code);
    return p < end && *p == '"' && (size_t)(end - p) > code_length + 1 && memcmp(p + 1, code, code_length) == 0
        && p[1 + code_length] == '"';
}

/* Marks `buyer` done once its buffer holds a whole answer (or `closed`); returns whether done. */
static int settle(Buyer *buyer, int closed) {
    const char *head_end = memmem(buyer->buffer, buyer->used, "\r\n\r\n", 4);
    if (head_end) {
        size_t head_length = (size_t)(head_end - buyer->buffer), body_at = head_length + 4;
        long length = header_number(buyer->buffer, head_length, "content-length");
        if (length < 0) length = 0;
        if (buyer->used - body_at >= (size_t)length) {
            buyer->status = buyer->used > 12 ? atoi(buyer->buffer + 9) : 0;
            buyer->out_of_stock = buyer->status == 409 && error_code_is(buyer->buffer + body_at, (size_t)length, "out_of_stock");
            buyer->done = 1;
            return 1;
        }
    }
    if (closed || buyer->used == ANSWER_ROOM) {
        buyer->status = 0;
        buyer->done = 1;
        return 1;
    }
    return 0;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value at fraction `p` of sorted `values` (the Python harness's `values[int(n * p)]`). */
static double at(const double *values, size_t n, double p) {
    size_t i = (size_t)((double)n * p);
    return values[i >= n ? n - 1 : i];
}

/* Prints `first/.../last` of the times (ms after `origin`) at the fractions `points`. */
static void spread(const char *label, double *times, size_t n, double origin, const double *points, size_t count) {
    printf(" %s=", label);
    if (n == 0) { printf("-"); return; }
    qsort(times, n, sizeof *times, compare);
    for (size_t i = 0; i < count; i++) printf("%s%.0f", i ? "/" : "", (at(times, n, points[i]) - origin) * 1000);
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: %s HOST PORTS SHOP_ID PRODUCT_ID TOKEN COUNT RUN_TAG [timeline]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *shop = argv[3], *product = argv[4], *token = argv[5], *tag = argv[7];
    int timeline = argc > 8 && strcmp(argv[8], "timeline") == 0;
    int ports[MAX_PORTS], port_count = 0;
    for (char *p = strtok(argv[2], ","); p && port_count < MAX_PORTS; p = strtok(NULL, ",")) ports[port_count++] = atoi(p);
    long count = strtol(argv[6], NULL, 10);
    if (port_count == 0 || count <= 0) { fprintf(stderr, "flash-sale: no ports or no count\n"); return 2; }

    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) { limit.rlim_cur = limit.rlim_max; setrlimit(RLIMIT_NOFILE, &limit); }

    char body[512];
    int body_length = snprintf(body, sizeof body,
        "{\"items\": [{\"product_id\": \"%s\", \"quantity\": 1}], "
        "\"shipping\": {\"name\": \"Flash\", \"phone\": \"13800000000\", \"address\": \"1 Sale Road\"}}", product);
    Buyer *buyers = calloc((size_t)count, sizeof *buyers);
    char **payloads = calloc((size_t)count, sizeof *payloads);
    int *lengths = calloc((size_t)count, sizeof *lengths);
    if (!buyers || !payloads || !lengths) die("calloc");

    for (long i = 0; i < count; i++) {
        struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)ports[i % port_count]) };
        if (inet_pton(AF_INET, host, &address.sin_addr) != 1) { fprintf(stderr, "flash-sale: bad host %s\n", host); return 2; }
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        if (fd < 0) die("socket");
        if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) die("connect");
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        buyers[i].fd = fd;
        payloads[i] = malloc(1024);
        if (!payloads[i]) die("malloc");
        lengths[i] = snprintf(payloads[i], 1024,
            "POST /v1/shops/%s/orders HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nIdempotency-Key: flash-%s-%ld\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n%s", shop, host, token, tag, i, body_length, body);
    }

    double cpu_start = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < count; i++) { /* the instant: every request leaves in one tight loop */
        buyers[i].sent_at = now_s(CLOCK_MONOTONIC);
        for (int sent = 0; sent < lengths[i];) {
            ssize_t n = send(buyers[i].fd, payloads[i] + sent, (size_t)(lengths[i] - sent), MSG_NOSIGNAL);
            if (n < 0 && errno != EINTR) die("send");
            if (n > 0) sent += (int)n;
        }
    }
    double send_ms = (now_s(CLOCK_MONOTONIC) - buyers[0].sent_at) * 1000;

    int poller = epoll_create1(0);
    if (poller < 0) die("epoll_create1");
    for (long i = 0; i < count; i++) {
        fcntl(buyers[i].fd, F_SETFL, fcntl(buyers[i].fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event event = { .events = EPOLLIN, .data.u64 = (uint64_t)i };
        if (epoll_ctl(poller, EPOLL_CTL_ADD, buyers[i].fd, &event) != 0) die("epoll_ctl");
    }
    long answered = 0;
    double deadline = now_s(CLOCK_MONOTONIC) + 30;
    struct epoll_event events[256];
    while (answered < count && now_s(CLOCK_MONOTONIC) < deadline) {
        int ready = epoll_wait(poller, events, 256, 1000);
        if (ready < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < ready; e++) {
            Buyer *buyer = &buyers[events[e].data.u64];
            if (buyer->done) continue;
            ssize_t n = recv(buyer->fd, buyer->buffer + buyer->used, ANSWER_ROOM - buyer->used, 0);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (n > 0) buyer->used += (size_t)n;
            if (settle(buyer, n <= 0)) {
                buyer->answered_at = now_s(CLOCK_MONOTONIC);
                answered++;
                close(buyer->fd);
            }
        }
    }
    double client_cpu_ms = (now_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start) * 1000;

    long created = 0, out_of_stock = 0, server_errors = 0, other = 0;
    double *latencies = calloc((size_t)count, sizeof *latencies);
    size_t n = 0;
    for (long i = 0; i < count; i++) {
        if (!buyers[i].done) continue;
        latencies[n++] = buyers[i].answered_at - buyers[i].sent_at;
        int status = buyers[i].status;
        if (status == 201) created++;
        else if (buyers[i].out_of_stock) out_of_stock++;
        else if (status >= 500 || status == 0) server_errors++;
        else other++;
    }
    qsort(latencies, n, sizeof *latencies, compare);
    printf("FLASH sent=%ld created=%ld out_of_stock=%ld other_4xx=%ld server_errors=%ld unanswered=%ld "
           "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f send_ms=%.1f client_cpu_ms=%.0f\n",
           count, created, out_of_stock, other, server_errors, count - (long)n,
           n ? at(latencies, n, 0.5) * 1000 : 0, n ? at(latencies, n, 0.99) * 1000 : 0,
           n ? at(latencies, n, 1.0) * 1000 : 0, send_ms, client_cpu_ms);
    if (timeline) {
        double *created_at = calloc((size_t)count, sizeof(double)), *refused_at = calloc((size_t)count, sizeof(double));
        double *slow_sent = calloc((size_t)count, sizeof(double));
        size_t c = 0, r = 0;
        for (long i = 0; i < count; i++) {
            if (!buyers[i].done) continue;
            if (buyers[i].status == 201) created_at[c++] = buyers[i].answered_at;
            else if (buyers[i].out_of_stock) refused_at[r++] = buyers[i].answered_at;
        }
        /* The slowest 1 %: answered buyers whose latency is at least the (n - n/100)th smallest. */
        size_t slow_count = n / 100 ? n / 100 : 1, s = 0;
        double threshold = n ? latencies[n - slow_count] : 0;
        for (long i = 0; i < count && s < slow_count; i++)
            if (buyers[i].done && buyers[i].answered_at - buyers[i].sent_at >= threshold) slow_sent[s++] = buyers[i].sent_at;
        double origin = buyers[0].sent_at;
        static const double created_points[] = {0, 0.5, 1}, refused_points[] = {0, 0.1, 0.5, 0.9, 0.99, 1},
                            ends[] = {0, 1};
        printf("TIMELINE");
        spread("created", created_at, c, origin, created_points, 3);
        spread("out_of_stock", refused_at, r, origin, refused_points, 6);
        spread("slowest1pct_sent", slow_sent, s, origin, ends, 2);
        printf("\n");
    }
    return 0;
}
