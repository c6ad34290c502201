/* sha256.h - SHA-256 (FIPS 180-4) block functions behind qn_sha256_hex().
 *
 * Two implementations of the same compression function: portable C, and
 * the x86 SHA extensions (SHA-NI), which hash the manifest of a large
 * design about ten times faster.  qn_sha256_hex() (emit.h) picks SHA-NI
 * when the CPU has it; the tests run both against the FIPS vectors.
 */
#ifndef QN_SHA256_H
#define QN_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hashes n_blocks whole 64-byte blocks of p into the state h[8]. */
typedef void qn_sha256_blocks_fn(uint32_t h[8], const unsigned char *p,
                                 size_t n_blocks);

/* The 64 round constants of FIPS 180-4, section 4.2.2. */
extern const uint32_t qn_sha256_k[64];

qn_sha256_blocks_fn qn_sha256_blocks_portable;

/* The SHA-NI version, or NULL when this build or this CPU lacks it. */
qn_sha256_blocks_fn *qn_sha256_blocks_shani(void);

/* qn_sha256_hex() with the given block function. */
void qn_sha256_hex_with(qn_sha256_blocks_fn *blocks, const void *data,
                        size_t len, char hex[65]);

#endif /* QN_SHA256_H */
