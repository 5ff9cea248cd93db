#ifndef CHECKOUT_CLINUX_SHIM_H
#define CHECKOUT_CLINUX_SHIM_H
// Linux-only system calls that `import Glibc` does not expose.
// Do NOT define _GNU_SOURCE here: it changes fd_set and friends across modules.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/sendfile.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <sys/random.h>
#include <spawn.h>
#include <malloc.h>

extern int accept4(int, struct sockaddr *, socklen_t *, int);
extern int pthread_setname_np(pthread_t, const char *);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);

// ThreadSanitizer's annotation interface (its runtime defines them; referenced only by
// CheckoutThreads' `Locked` in builds with -DCHECKOUT_TSAN, which link that runtime).
extern void __tsan_acquire(void *addr);
extern void __tsan_release(void *addr);
#endif
