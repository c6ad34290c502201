/* qn_limits.h - the largest inputs qnngen accepts, in one place.
 *
 * Every bound is checked before the memory it guards is allocated, with an
 * error that names the limit.  qnngen(1) and qnngen-yaml(5), section
 * LIMITS, document them with the memory needed at the limits; change them
 * together.
 */
#ifndef QN_LIMITS_H
#define QN_LIMITS_H

#include <stddef.h>

/* Network shape (netload.c). */
#define QN_MAX_LAYERS 4096               /* layers in a network */
#define QN_MAX_NEURONS (1 << 20)         /* input.size, a layer's in or out */
#define QN_MAX_TOTAL_WEIGHTS ((long long)1 << 26) /* sum of in*out (64 Mi) */

/* Arrays (array readers): elements of one array, its dimensions, and the
 * largest file read into memory (4 GiB, less on 32-bit hosts). */
#define QN_MAX_ARRAY_ELEMENTS ((size_t)1 << 28)
#define QN_MAX_ARRAY_DIMS 8

/* The YAML document (yamlread.c): nesting, and nodes after expanding
 * aliases (alias bombs). */
#define QN_MAX_YAML_DEPTH 64
#define QN_MAX_YAML_NODES 1000000

/* Input vectors for `run` (inputs.c): vectors, and values the reference
 * model keeps (vectors times every layer's outputs, 8 bytes each). */
#define QN_MAX_VECTORS 1000000
#define QN_MAX_TRACE_VALUES ((long long)1 << 27)

/* Records in a results file read by `diff` (results.c). */
#define QN_MAX_RESULT_RECORDS ((size_t)1 << 27)

#endif /* QN_LIMITS_H */
