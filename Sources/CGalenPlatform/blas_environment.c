// Choosing OpenBLAS's kernel before OpenBLAS loads.
//
// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH: its library constructor
// reads OPENBLAS_CORETYPE, else detects the CPU. On CPUs newer than the library
// (AMD Zen 4/5, recent Intel) detection falls back to the generic "Prescott"
// kernel, 5x slower than the AVX-512 one. The variable must be set before that
// constructor runs, which is before main() and before any constructor of the
// executable. Functions listed in an executable's .preinit_array run earlier than
// every shared library's initialiser (glibc's _dl_init), so this file registers
// one there. It only names a core whose instructions the CPU and OS support, and
// never overrides a core type chosen by the user.
#define _GNU_SOURCE
#include "CGalenPlatform.h"
#include <stdlib.h>
#include <string.h>

static char g_choice[32] = "";
static int g_from_user = 0;
static int g_configured = 0;

#if defined(__x86_64__) || defined(__i386__)
#define HAS(f) __builtin_cpu_supports(f)
#endif

const char *galen_cpu_features(void) {
    static char buf[256];
    buf[0] = 0;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (HAS("sse4.2")) strcat(buf, "sse4_2 ");
    if (HAS("avx")) strcat(buf, "avx ");
    if (HAS("avx2")) strcat(buf, "avx2 ");
    if (HAS("fma")) strcat(buf, "fma ");
    if (HAS("avx512f")) strcat(buf, "avx512f ");
    if (HAS("avx512bw")) strcat(buf, "avx512bw ");
    if (HAS("avx512vl")) strcat(buf, "avx512vl ");
    if (HAS("avx512dq")) strcat(buf, "avx512dq ");
    if (HAS("avx512cd")) strcat(buf, "avx512cd ");
#elif defined(__aarch64__)
    strcat(buf, "neon ");
#endif
    size_t n = strlen(buf);
    if (n > 0) buf[n - 1] = 0;
    return buf;
}

const char *galen_blas_coretype_choice(void) { return g_choice; }
int galen_blas_coretype_from_user(void) { return g_from_user; }

void galen_configure_blas_environment(void) {
    if (g_configured) return;
    g_configured = 1;
    const char *threads = getenv("GALEN_NUM_THREADS");
    if (threads && *threads && !getenv("OPENBLAS_NUM_THREADS")) {
        setenv("OPENBLAS_NUM_THREADS", threads, 1);
    }
    const char *user = getenv("OPENBLAS_CORETYPE");
    if (user && *user) {
        g_from_user = 1;
        return;
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    const char *core = NULL;
    // __builtin_cpu_supports also checks that the OS saves the AVX/AVX-512 state.
    if (HAS("avx512f") && HAS("avx512bw") && HAS("avx512vl") && HAS("avx512dq") && HAS("avx512cd")) {
        core = "SkylakeX";
    } else if (HAS("avx2") && HAS("fma")) {
        core = "Haswell";
    } else if (HAS("avx")) {
        core = "SandyBridge";
    }
    if (core) {
        strncpy(g_choice, core, sizeof(g_choice) - 1);
        setenv("OPENBLAS_CORETYPE", core, 0);
    }
#endif
}

#if defined(__linux__)
static void galen_preinit(int argc, char **argv, char **envp) {
    (void)argc; (void)argv; (void)envp;
    galen_configure_blas_environment();
}
__attribute__((section(".preinit_array"), used))
static void (*const galen_preinit_entry)(int, char **, char **) = galen_preinit;
#endif
