/* sha256_shani.c - the SHA-256 compression function on the x86 SHA
 * extensions (sha256rnds2, sha256msg1, sha256msg2), after Intel's
 * "New Instructions Supporting the Secure Hash Algorithm on Intel
 * Architecture Processors" (2013).
 *
 * Compiled for any x86 with GCC or Clang: only the functions below are
 * built for the SHA, SSSE3 and SSE4.1 instructions (target attribute), and they
 * run only when the CPU reports them (qn_sha256_blocks_shani()).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "sha256.h"

#if (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
#define QN_HAVE_SHANI_BUILD 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef QN_HAVE_SHANI_BUILD

#define QN_SHANI_TARGET __attribute__((target("sha,ssse3,sse4.1")))

/* Four rounds: message words w (W[4i..4i+3]) plus their constants. */
#define QN_SHANI_ROUNDS(i, w)                                               \
    do {                                                                    \
        __m128i m_ = _mm_add_epi32(                                         \
            (w), _mm_loadu_si128((const __m128i *)&qn_sha256_k[4 * (i)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m_);                       \
        abef = _mm_sha256rnds2_epu32(abef, cdgh,                            \
                                     _mm_shuffle_epi32(m_, 0x0e));          \
    } while (0)

/* W[4i..4i+3] from the four groups before it (a = i-4 .. d = i-1). */
#define QN_SHANI_SCHEDULE(a, b, c, d)                                       \
    _mm_sha256msg2_epu32(                                                   \
        _mm_add_epi32(_mm_sha256msg1_epu32((a), (b)),                       \
                      _mm_alignr_epi8((d), (c), 4)),                        \
        (d))

QN_SHANI_TARGET
static void blocks_shani(uint32_t h[8], const unsigned char *p,
                         size_t n_blocks)
{
    /* Big-endian words of the block into lanes 0..3. */
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
                                         0x0405060700010203ULL);
    /* The instructions keep the state as {A,B,E,F} and {C,D,G,H}. */
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]),
                                  0xb1); /* CDAB */
    __m128i cdgh = _mm_shuffle_epi32(
        _mm_loadu_si128((const __m128i *)&h[4]), 0x1b); /* EFGH */
    __m128i abef = _mm_alignr_epi8(t, cdgh, 8);        /* ABEF */
    cdgh = _mm_blend_epi16(cdgh, t, 0xf0);              /* CDGH */

    for (; n_blocks > 0; n_blocks--, p += 64) {
        __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w0 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(p + 0)), bswap);
        __m128i w1 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(p + 16)), bswap);
        __m128i w2 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(p + 32)), bswap);
        __m128i w3 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(p + 48)), bswap);
        QN_SHANI_ROUNDS(0, w0);
        QN_SHANI_ROUNDS(1, w1);
        QN_SHANI_ROUNDS(2, w2);
        QN_SHANI_ROUNDS(3, w3);
        for (int i = 4; i < 16; i += 4) {
            w0 = QN_SHANI_SCHEDULE(w0, w1, w2, w3);
            QN_SHANI_ROUNDS(i, w0);
            w1 = QN_SHANI_SCHEDULE(w1, w2, w3, w0);
            QN_SHANI_ROUNDS(i + 1, w1);
            w2 = QN_SHANI_SCHEDULE(w2, w3, w0, w1);
            QN_SHANI_ROUNDS(i + 2, w2);
            w3 = QN_SHANI_SCHEDULE(w3, w0, w1, w2);
            QN_SHANI_ROUNDS(i + 3, w3);
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    t = _mm_shuffle_epi32(abef, 0x1b);         /* FEBA */
    cdgh = _mm_shuffle_epi32(cdgh, 0xb1);      /* DCHG */
    _mm_storeu_si128((__m128i *)&h[0],
                     _mm_blend_epi16(t, cdgh, 0xf0)); /* DCBA */
    _mm_storeu_si128((__m128i *)&h[4],
                     _mm_alignr_epi8(cdgh, t, 8));    /* HGFE */
}

/* CPUID leaf 1 ECX bit 19 (SSE4.1; SSSE3 is bit 9) and leaf 7 EBX bit 29
 * (SHA).  Read directly: older compilers' __builtin_cpu_supports() does
 * not know "sha". */
qn_sha256_blocks_fn *qn_sha256_blocks_shani(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19)) ||
        !(c & (1u << 9)))
        return NULL;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & (1u << 29)))
        return NULL;
    return blocks_shani;
}

#else /* not x86 with GCC or Clang */

qn_sha256_blocks_fn *qn_sha256_blocks_shani(void)
{
    return NULL;
}

#endif
