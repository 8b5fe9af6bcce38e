// Loading OpenBLAS with its fast kernel.
//
// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH: when the library loads,
// its constructor reads OPENBLAS_CORETYPE or else detects the CPU. On CPUs newer
// than the library (AMD Zen 4/5 here) detection settles on an older kernel:
// measured on this machine, 122 GFLOP/s per core with the detected "Haswell"
// against 224 with "SkylakeX". Setting the variable from main() is too late when
// the library is linked (its constructor already ran), and an executable's
// .preinit_array runs before libc has set up `environ`, so a variable set there
// is lost. So Galen does not link OpenBLAS: it sets the variable, then loads the
// library with dlopen on first use. It only names a core whose instructions the
// CPU and OS support (__builtin_cpu_supports checks both).
//
// OPENBLAS_CORETYPE inherited from the environment is replaced when Galen can
// name a core for this CPU: machine images set it to a safe lowest common
// denominator (this one exports "Haswell"), which halves matrix speed. The
// value replaced is reported by `galen info`. To force a core, set
// GALEN_BLAS_CORE, which always wins.
#define _GNU_SOURCE
#include "CGalenPlatform.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <pthread.h>

#if defined(__APPLE__)
#include <Accelerate/Accelerate.h>
#else
#include <dlfcn.h>
#include <link.h>
#include <cblas.h>
#endif

static char g_choice[32] = "";
static int g_from_user = 0;
static char g_replaced[64] = "";
static char g_path[512] = "";
static char g_error[512] = "";
static const char *g_result = NULL;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

#if !defined(__APPLE__)
typedef __typeof__(cblas_sgemm) sgemm_t;
typedef __typeof__(openblas_set_num_threads) set_threads_t;
typedef __typeof__(openblas_get_num_threads) get_threads_t;
typedef __typeof__(openblas_get_corename) corename_t;
typedef __typeof__(openblas_get_config) config_t;
static sgemm_t *p_sgemm;
static set_threads_t *p_set_threads;
static get_threads_t *p_get_threads;
static corename_t *p_corename;
static config_t *p_config;
#endif

const char *galen_cpu_features(void) {
    static char buf[256];
    buf[0] = 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse4.2")) strcat(buf, "sse4_2 ");
    if (__builtin_cpu_supports("avx")) strcat(buf, "avx ");
    if (__builtin_cpu_supports("avx2")) strcat(buf, "avx2 ");
    if (__builtin_cpu_supports("fma")) strcat(buf, "fma ");
    if (__builtin_cpu_supports("avx512f")) strcat(buf, "avx512f ");
    if (__builtin_cpu_supports("avx512bw")) strcat(buf, "avx512bw ");
    if (__builtin_cpu_supports("avx512vl")) strcat(buf, "avx512vl ");
    if (__builtin_cpu_supports("avx512dq")) strcat(buf, "avx512dq ");
    if (__builtin_cpu_supports("avx512cd")) strcat(buf, "avx512cd ");
#elif defined(__aarch64__)
    strcat(buf, "neon ");
#endif
    size_t n = strlen(buf);
    if (n > 0) buf[n - 1] = 0;
    return buf;
}

static void choose_core(void) {
    const char *forced = getenv("GALEN_BLAS_CORE");
    if (forced && *forced) {
        g_from_user = 1;
        setenv("OPENBLAS_CORETYPE", forced, 1);
        return;
    }
    const char *inherited = getenv("OPENBLAS_CORETYPE");
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    const char *core = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512cd")) {
        core = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        core = "Haswell";
    } else if (__builtin_cpu_supports("avx")) {
        core = "SandyBridge";
    }
    if (core) {
        strncpy(g_choice, core, sizeof(g_choice) - 1);
        if (inherited && *inherited && strcmp(inherited, core) != 0)
            strncpy(g_replaced, inherited, sizeof(g_replaced) - 1);
        setenv("OPENBLAS_CORETYPE", core, 1);
    }
#else
    (void)inherited;
#endif
}

static void load_once(void) {
#if defined(__APPLE__)
    strcpy(g_path, "Accelerate.framework");
    g_result = NULL;
#else
    choose_core();
    // One BLAS thread: Galen splits large products over its own threads (BLAS.swift), the same
    // threads as its other loops. OpenBLAS's own workers spin for up to ~0.1 s after each product
    // (their THREAD_TIMEOUT), and on a 2-core machine they took the core that Galen's next loop
    // needed: two-thread training throughput swung by up to 2x from run to run.
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    const char *names[] = {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", NULL};
    void *h = NULL;
    for (int i = 0; names[i] && !h; i++) h = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        snprintf(g_error, sizeof g_error,
                 "OpenBLAS could not be loaded (%s). Install it with `make setup` "
                 "(Debian: apt-get install libopenblas0-pthread).", dlerror());
        g_result = g_error;
        return;
    }
    p_sgemm = (sgemm_t *)dlsym(h, "cblas_sgemm");
    p_set_threads = (set_threads_t *)dlsym(h, "openblas_set_num_threads");
    p_get_threads = (get_threads_t *)dlsym(h, "openblas_get_num_threads");
    p_corename = (corename_t *)dlsym(h, "openblas_get_corename");
    p_config = (config_t *)dlsym(h, "openblas_get_config");
    if (!p_sgemm) {
        snprintf(g_error, sizeof g_error, "the loaded BLAS library has no cblas_sgemm");
        g_result = g_error;
        return;
    }
    struct link_map *map = NULL;
    if (dlinfo(h, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name)
        strncpy(g_path, map->l_name, sizeof(g_path) - 1);
    if (p_set_threads) p_set_threads(1);
    g_result = NULL;
#endif
}

const char *galen_blas_load(void) {
    pthread_once(&g_once, load_once);
    return g_result;
}

const char *galen_blas_coretype_choice(void) { return g_choice; }
int galen_blas_coretype_from_user(void) { return g_from_user; }
const char *galen_blas_coretype_replaced(void) { return g_replaced; }
const char *galen_blas_path(void) { return g_path; }

const char *galen_blas_config(void) {
#if defined(__APPLE__)
    return "Accelerate";
#else
    return p_config ? p_config() : "";
#endif
}

const char *galen_blas_corename(void) {
#if defined(__APPLE__)
    return "Accelerate";
#else
    return p_corename ? p_corename() : "";
#endif
}

int galen_blas_get_threads(void) {
#if defined(__APPLE__)
    return 0;
#else
    return p_get_threads ? p_get_threads() : 0;
#endif
}

void galen_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb,
                 float beta, float *c, int ldc) {
    p_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
