// The fused gate arithmetic of the LSTM and GRU kernels (GalenNN's LSTMKernel/GRUKernel), one
// batch row of one time step per call, compiled three times on x86-64: for baseline x86-64 (SSE2),
// for AVX2 + FMA and for AVX-512. Swift code is compiled for baseline x86-64 only, where these
// loops of sigmoid/tanh polynomials run 4 floats wide; the same C body compiled with a `target`
// attribute runs 8 or 16 wide. The caller picks the path with `galen_simd_level()` (what this CPU
// and OS support), so the library stays correct on any x86-64; on other architectures (Apple
// arm64) there is one path, vectorised with the baseline instruction set (NEON).
//
// exp, sigmoid and tanh are the Cephes single-precision approximations of GalenNN's
// RecurrentActivations (same constants), written with arithmetic, comparisons and bit casts only
// so that every loop vectorises.
#include "CGalenPlatform.h"
#include <stdint.h>
#include <string.h>

#define GALEN_INLINE static inline __attribute__((always_inline))

/// e^x for x clamped to [-87, 88] (Cephes' polynomial after a split by ln 2).
GALEN_INLINE float g_exp(float x) {
    float xc = x < -87.0f ? -87.0f : x;
    xc = xc > 88.0f ? 88.0f : xc;
    // n = round(x / ln 2), by adding 1.5·2²³ (the low mantissa bits then hold n).
    float shifted = xc * 1.44269504f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = xc - n * 0.693359375f + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float e = p * r * r + r + 1.0f;
    int32_t k;
    memcpy(&k, &shifted, sizeof k);
    k -= 0x4B400000;
    uint32_t bits = (uint32_t)(k + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return e * scale;
}

GALEN_INLINE float g_sigmoid(float x) { return 1.0f / (1.0f + g_exp(-x)); }

/// tanh x: an odd polynomial for |x| < 0.625 (Cephes), 1 − 2 / (e²ˣ + 1) beyond.
GALEN_INLINE float g_tanh(float x) {
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    float small = p * z * x + x;
    float large = 1.0f - 2.0f / (g_exp(2.0f * x) + 1.0f);
    float ax = x < 0 ? -x : x;
    return ax < 0.625f ? small : large;
}

// ---- Bodies (inlined into each instruction-set variant below) ----

GALEN_INLINE void lstm_forward_body(int H, float *restrict gates, const float *restrict recurrent,
                                    const float *restrict bias, float *restrict c, float *restrict h,
                                    float *restrict tanh_c, float *restrict out) {
    if (recurrent) {
        for (int j = 0; j < 4 * H; j++) gates[j] += recurrent[j];
    }
    for (int j = 0; j < 2 * H; j++) gates[j] = g_sigmoid(gates[j] + bias[j]);
    for (int j = 2 * H; j < 3 * H; j++) gates[j] = g_tanh(gates[j] + bias[j]);
    for (int j = 3 * H; j < 4 * H; j++) gates[j] = g_sigmoid(gates[j] + bias[j]);
    const float *ig = gates, *fg = gates + H, *gg = gates + 2 * H, *og = gates + 3 * H;
    for (int j = 0; j < H; j++) c[j] = fg[j] * c[j] + ig[j] * gg[j];
    for (int j = 0; j < H; j++) tanh_c[j] = g_tanh(c[j]);
    for (int j = 0; j < H; j++) {
        float v = og[j] * tanh_c[j];
        h[j] = v;
        out[j] = v;
    }
}

GALEN_INLINE void lstm_backward_body(int H, const float *restrict gates, const float *restrict tanh_c,
                                     const float *restrict c_prev, const float *restrict dy,
                                     float *restrict dh, float *restrict dc, float *restrict dgates) {
    const float *ig = gates, *fg = gates + H, *gg = gates + 2 * H, *og = gates + 3 * H;
    for (int j = 0; j < H; j++) {
        float d = dh[j] + dy[j];
        float o = og[j], tc = tanh_c[j];
        float dcj = dc[j] + d * o * (1.0f - tc * tc);
        float i = ig[j], g = gg[j], f = fg[j];
        dgates[3 * H + j] = d * tc * o * (1.0f - o);
        dgates[j] = dcj * g * i * (1.0f - i);
        dgates[2 * H + j] = dcj * i * (1.0f - g * g);
        dgates[H + j] = dcj * c_prev[j] * f * (1.0f - f);
        dc[j] = dcj * f;
        dh[j] = d;
    }
}

GALEN_INLINE void gru_forward_body(int H, float *restrict gates, float *restrict recurrent,
                                   const float *restrict bias, const float *restrict bias_hn,
                                   float *restrict h, float *restrict out) {
    for (int j = 0; j < 2 * H; j++) gates[j] = g_sigmoid(gates[j] + recurrent[j] + bias[j]);
    const float *rg = gates, *zg = gates + H;
    float *ng = gates + 2 * H, *hn = recurrent + 2 * H;
    const float *bn = bias + 2 * H;
    for (int j = 0; j < H; j++) {
        float hv = hn[j] + bias_hn[j];
        hn[j] = hv;
        float nv = g_tanh(ng[j] + bn[j] + rg[j] * hv);
        ng[j] = nv;
        float z = zg[j];
        float next = (1.0f - z) * nv + z * h[j];
        h[j] = next;
        out[j] = next;
    }
}

GALEN_INLINE void gru_backward_body(int H, const float *restrict gates, const float *restrict hn,
                                    const float *restrict h_prev, const float *restrict dy,
                                    float *restrict dh, float *restrict dgates_input,
                                    float *restrict dgates_hidden) {
    for (int j = 0; j < H; j++) {
        float rg = gates[j], z = gates[H + j], nv = gates[2 * H + j];
        float dhv = dh[j] + dy[j];
        float dan = dhv * (1.0f - z) * (1.0f - nv * nv);
        float dar = dan * hn[j] * rg * (1.0f - rg);
        float daz = dhv * (h_prev[j] - nv) * z * (1.0f - z);
        dgates_input[j] = dar; dgates_input[H + j] = daz; dgates_input[2 * H + j] = dan;
        dgates_hidden[j] = dar; dgates_hidden[H + j] = daz; dgates_hidden[2 * H + j] = dan * rg;
        dh[j] = dhv * z;
    }
}

// ---- Instruction-set variants ----

#define GALEN_VARIANTS(SUFFIX, ATTR)                                                                     \
    ATTR static void lstm_forward_##SUFFIX(int H, float *gates, const float *recurrent, const float *bias, \
                                           float *c, float *h, float *tanh_c, float *out) {             \
        lstm_forward_body(H, gates, recurrent, bias, c, h, tanh_c, out);                                 \
    }                                                                                                    \
    ATTR static void lstm_backward_##SUFFIX(int H, const float *gates, const float *tanh_c,             \
                                            const float *c_prev, const float *dy, float *dh, float *dc,  \
                                            float *dgates) {                                             \
        lstm_backward_body(H, gates, tanh_c, c_prev, dy, dh, dc, dgates);                                \
    }                                                                                                    \
    ATTR static void gru_forward_##SUFFIX(int H, float *gates, float *recurrent, const float *bias,      \
                                          const float *bias_hn, float *h, float *out) {                  \
        gru_forward_body(H, gates, recurrent, bias, bias_hn, h, out);                                    \
    }                                                                                                    \
    ATTR static void gru_backward_##SUFFIX(int H, const float *gates, const float *hn,                  \
                                           const float *h_prev, const float *dy, float *dh,             \
                                           float *dgates_input, float *dgates_hidden) {                 \
        gru_backward_body(H, gates, hn, h_prev, dy, dh, dgates_input, dgates_hidden);                    \
    }

GALEN_VARIANTS(base, )
#if defined(__x86_64__)
GALEN_VARIANTS(avx2, __attribute__((target("avx2,fma"))))
GALEN_VARIANTS(avx512, __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma"))))
#endif

int galen_simd_level(void) {
    static int level = -1;  // every thread that finds it unset computes the same value
    int known = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (known >= 0) return known;
    int found = 0;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) found = 1;
    if (found == 1 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) found = 2;
#endif
    __atomic_store_n(&level, found, __ATOMIC_RELAXED);
    return found;
}

/// The level actually run for a requested one: never above what the CPU supports.
static int usable(int level) {
    int best = galen_simd_level();
    return level < 0 ? 0 : (level > best ? best : level);
}

void galen_lstm_forward_row(int level, int hidden, float *gates, const float *recurrent, const float *bias,
                            float *cell, float *h, float *tanh_cell, float *out) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: lstm_forward_avx512(hidden, gates, recurrent, bias, cell, h, tanh_cell, out); return;
    case 1: lstm_forward_avx2(hidden, gates, recurrent, bias, cell, h, tanh_cell, out); return;
#endif
    default: lstm_forward_base(hidden, gates, recurrent, bias, cell, h, tanh_cell, out); return;
    }
}

void galen_lstm_backward_row(int level, int hidden, const float *gates, const float *tanh_cell,
                             const float *cell_prev, const float *dy, float *dh, float *dcell, float *dgates) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: lstm_backward_avx512(hidden, gates, tanh_cell, cell_prev, dy, dh, dcell, dgates); return;
    case 1: lstm_backward_avx2(hidden, gates, tanh_cell, cell_prev, dy, dh, dcell, dgates); return;
#endif
    default: lstm_backward_base(hidden, gates, tanh_cell, cell_prev, dy, dh, dcell, dgates); return;
    }
}

void galen_gru_forward_row(int level, int hidden, float *gates, float *recurrent, const float *bias,
                           const float *bias_hn, float *h, float *out) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: gru_forward_avx512(hidden, gates, recurrent, bias, bias_hn, h, out); return;
    case 1: gru_forward_avx2(hidden, gates, recurrent, bias, bias_hn, h, out); return;
#endif
    default: gru_forward_base(hidden, gates, recurrent, bias, bias_hn, h, out); return;
    }
}

void galen_gru_backward_row(int level, int hidden, const float *gates, const float *hn, const float *h_prev,
                            const float *dy, float *dh, float *dgates_input, float *dgates_hidden) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: gru_backward_avx512(hidden, gates, hn, h_prev, dy, dh, dgates_input, dgates_hidden); return;
    case 1: gru_backward_avx2(hidden, gates, hn, h_prev, dy, dh, dgates_input, dgates_hidden); return;
#endif
    default: gru_backward_base(hidden, gates, hn, h_prev, dy, dh, dgates_input, dgates_hidden); return;
    }
}
