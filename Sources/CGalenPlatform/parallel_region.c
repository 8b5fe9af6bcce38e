// One count, shared by every thread of the process, of the parallel regions now running.
//
// Galen runs its own loops and its matrix products on the same threads (OpenBLAS is loaded
// single-threaded, see blas_loader.c). A loop or product that starts while a parallel region is
// running stays on its own thread instead of splitting again: the cores are already busy.
#include "CGalenPlatform.h"
#include <stdatomic.h>

static atomic_int g_depth = 0;

void galen_parallel_enter(void) { atomic_fetch_add_explicit(&g_depth, 1, memory_order_relaxed); }
void galen_parallel_leave(void) { atomic_fetch_sub_explicit(&g_depth, 1, memory_order_relaxed); }
int galen_parallel_depth(void) { return atomic_load_explicit(&g_depth, memory_order_relaxed); }
