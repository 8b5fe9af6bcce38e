// Galen's worker threads: one pool for its parallel loops and its split matrix products.
//
// A parallel region hands out iterations 0..<n to the calling thread and `threads - 1` workers
// through one atomic counter. Between regions the workers spin briefly before they sleep, as an
// OpenMP runtime's do: a training step runs hundreds of short regions back to back, and waking a
// sleeping thread for each (libdispatch, futexes) cost ~6 % of a ResNet step in kernel time. The
// pool owns every thread that computes, so nothing else spins on the cores it needs (OpenBLAS is
// loaded single-threaded, see blas_loader.c).
//
// One region runs at a time: a region started while another runs (from a worker, or from another
// thread of the process) runs its iterations on the calling thread, in order.
#include "CGalenPlatform.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() do {} while (0)
#endif

// Spin iterations before a waiting thread sleeps (workers) or yields (the caller): tens of
// microseconds, longer than the gap between two regions of a training step.
#define SPIN_LIMIT 20000

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_run = PTHREAD_MUTEX_INITIALIZER;   // held by the region that is running
static pthread_mutex_t g_sleep = PTHREAD_MUTEX_INITIALIZER; // guards sleeping workers' wake-up
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static int g_requested = 1;
static int g_workers = 0;
static atomic_long g_generation = 0;  // one more per region
static atomic_long g_next = 0;        // next iteration to hand out
static atomic_int g_pending = 0;      // workers not yet done with this region
static long g_iterations = 0;
static void *g_context = NULL;
static galen_pool_task g_task = NULL;

static void run_share(void) {
    const long n = g_iterations;
    for (;;) {
        long i = atomic_fetch_add(&g_next, 1);
        if (i >= n) break;
        g_task(g_context, i);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    long seen = 0;
    for (;;) {
        long generation;
        int spins = 0;
        while ((generation = atomic_load(&g_generation)) == seen) {
            if (++spins < SPIN_LIMIT) { CPU_RELAX(); continue; }
            pthread_mutex_lock(&g_sleep);
            while ((generation = atomic_load(&g_generation)) == seen) pthread_cond_wait(&g_wake, &g_sleep);
            pthread_mutex_unlock(&g_sleep);
            break;
        }
        seen = generation;
        run_share();
        atomic_fetch_sub(&g_pending, 1);
    }
    return NULL;
}

static void start_workers(void) {
    for (int i = 0; i < g_requested - 1; i++) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attributes, 8 << 20);  // Swift code runs here: as much stack as a main thread
        if (pthread_create(&thread, &attributes, worker_main, NULL) == 0) g_workers++;
        pthread_attr_destroy(&attributes);
    }
}

void galen_pool_run(int threads, long iterations, void *context, galen_pool_task task) {
    if (iterations <= 0) return;
    g_requested = threads;  // read once, by the first region
    pthread_once(&g_once, start_workers);
    if (g_workers == 0 || iterations == 1 || pthread_mutex_trylock(&g_run) != 0) {
        for (long i = 0; i < iterations; i++) task(context, i);
        return;
    }
    g_task = task;
    g_context = context;
    g_iterations = iterations;
    atomic_store(&g_next, 0);
    atomic_store(&g_pending, g_workers);
    pthread_mutex_lock(&g_sleep);
    atomic_fetch_add(&g_generation, 1);
    pthread_cond_broadcast(&g_wake);
    pthread_mutex_unlock(&g_sleep);
    run_share();
    int spins = 0;
    while (atomic_load(&g_pending) > 0) {
        if (++spins < SPIN_LIMIT) CPU_RELAX(); else sched_yield();
    }
    pthread_mutex_unlock(&g_run);
}
