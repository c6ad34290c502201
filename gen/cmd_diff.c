/* cmd_diff.c - `qnngen diff A B`: compare two result sets (spec section 4).
 *
 * Each side is a results text file or an .npy of the last layer's outputs
 * ([N][out] or [N]); an .npy side takes the layer name of the other side's
 * last layer.  Records are matched on (layer, vector, neuron).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "commands.h"
#include "diag.h"
#include "results.h"

/* One side of the comparison, sorted by (layer rank, vector, neuron). */
typedef struct side {
    const char *path;
    qn_results_t *text;     /* when a text file */
    qn_record_t *records;   /* the records (text->records, or built) */
    size_t n;
    int owns_records;
} side_t;

static const char **g_rank_names;  /* layer order, for the sort */
static size_t g_rank_count;

static size_t layer_rank(const char *name)
{
    for (size_t i = 0; i < g_rank_count; i++)
        if (strcmp(g_rank_names[i], name) == 0)
            return i;
    return g_rank_count;
}

static int compare_records(const void *pa, const void *pb)
{
    const qn_record_t *a = pa, *b = pb;
    size_t ra = layer_rank(a->layer), rb = layer_rank(b->layer);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->vector != b->vector)
        return a->vector < b->vector ? -1 : 1;
    if (a->neuron != b->neuron)
        return a->neuron < b->neuron ? -1 : 1;
    return 0;
}

static int load_npy_side(side_t *s, const char *layer)
{
    qn_array_t a;
    qn_array_error_t err = {0};
    if (!qn_npy_read_file(s->path, &a, &err)) {
        qn_error_at(s->path, (qn_mark_t){0, 0}, "%s", err.message);
        return 0;
    }
    if (a.kind == QN_ARRAY_FLOAT || a.ndim < 1 || a.ndim > 2) {
        qn_error_at(s->path, (qn_mark_t){0, 0},
                    "expected integer outputs of shape [N][out] or [N]");
        qn_array_free(&a);
        return 0;
    }
    size_t cols = a.ndim == 2 ? a.shape[1] : 1;
    s->records = calloc(a.count ? a.count : 1, sizeof *s->records);
    if (!s->records) {
        qn_array_free(&a);
        return 0;
    }
    s->owns_records = 1;
    s->n = a.count;
    for (size_t k = 0; k < a.count; k++) {
        s->records[k].vector = (long)(k / cols);
        s->records[k].neuron = (long)(k % cols);
        s->records[k].value = a.ints[k];
        s->records[k].layer = (char *)layer;
    }
    qn_array_free(&a);
    return 1;
}

static int check_duplicates(const side_t *s)
{
    for (size_t k = 1; k < s->n; k++)
        if (compare_records(&s->records[k - 1], &s->records[k]) == 0) {
            const qn_record_t *r = &s->records[k];
            qn_error_at(s->path, (qn_mark_t){r->line, 0},
                        "vector %ld layer %s neuron %ld appears twice", r->vector,
                        r->layer, r->neuron);
            return 0;
        }
    return 1;
}

/* Per-layer tallies. */
typedef struct layer_tally {
    long compared, mismatched, missing;
    const qn_record_t *first;       /* first mismatch, side A */
    int64_t first_b;
    int first_missing;
} layer_tally_t;

static unsigned long long abs_diff(int64_t a, int64_t b)
{
    return a > b ? (unsigned long long)a - (unsigned long long)b
                 : (unsigned long long)b - (unsigned long long)a;
}

static int compare_sides(side_t *a, side_t *b)
{
    layer_tally_t *tally = calloc(g_rank_count + 1, sizeof *tally);
    if (!tally)
        return QN_EXIT_FAIL;
    unsigned long long worst = 0;
    const qn_record_t *worst_at = NULL;
    size_t i = 0, j = 0;
    long total_bad = 0, total = 0;
    /* a layer only one side has (a trace against outputs only) is not
     * compared; within layers both have, every record must match */
    unsigned char *in_a = calloc(g_rank_count + 1, 1), *in_b = calloc(g_rank_count + 1, 1);
    if (!in_a || !in_b) {
        free(in_a);
        free(in_b);
        free(tally);
        return QN_EXIT_FAIL;
    }
    for (size_t k = 0; k < a->n; k++)
        in_a[layer_rank(a->records[k].layer)] = 1;
    for (size_t k = 0; k < b->n; k++)
        in_b[layer_rank(b->records[k].layer)] = 1;
    while (i < a->n || j < b->n) {
        int c = i >= a->n ? 1 : j >= b->n ? -1
                                         : compare_records(&a->records[i], &b->records[j]);
        const qn_record_t *r = c <= 0 ? &a->records[i] : &b->records[j];
        size_t rank = layer_rank(r->layer);
        layer_tally_t *t = &tally[rank];
        if (!in_a[rank] || !in_b[rank]) {
            c <= 0 ? i++ : j++;
            continue;
        }
        total++;
        if (c == 0) {
            t->compared++;
            int64_t va = a->records[i].value, vb = b->records[j].value;
            if (va != vb) {
                t->mismatched++;
                total_bad++;
                if (!t->first) {
                    t->first = r;
                    t->first_b = vb;
                }
                if (abs_diff(va, vb) > worst) {
                    worst = abs_diff(va, vb);
                    worst_at = r;
                }
            }
            i++;
            j++;
        } else {
            t->missing++;
            total_bad++;
            if (!t->first) {
                t->first = r;
                t->first_missing = c < 0 ? 2 : 1; /* which side lacks it */
            }
            c < 0 ? i++ : j++;
        }
    }
    int first_layer = -1;
    size_t common = 0;
    for (size_t l = 0; l < g_rank_count; l++) {
        layer_tally_t *t = &tally[l];
        if (!in_a[l] || !in_b[l]) {
            printf("layer %-12s only in %s: not compared\n", g_rank_names[l],
                   in_a[l] ? a->path : b->path);
            continue;
        }
        common++;
        printf("layer %-12s %8ld values  %6ld mismatched  %6ld missing\n",
               g_rank_names[l], t->compared, t->mismatched, t->missing);
        if (t->first && first_layer < 0)
            first_layer = (int)l;
    }
    free(in_a);
    free(in_b);
    if (common == 0) {
        printf("%s and %s have no layer in common: nothing compared\n",
               a->path, b->path);
        free(tally);
        return QN_EXIT_FAIL;
    }
    if (total_bad == 0) {
        printf("%s and %s agree: %ld values in %zu layer%s\n", a->path, b->path,
               total, common, common == 1 ? "" : "s");
        free(tally);
        return QN_EXIT_OK;
    }
    layer_tally_t *t = &tally[first_layer];
    if (t->first_missing)
        printf("first diverging layer: %s (vector %ld neuron %ld: only in %s)\n",
               g_rank_names[first_layer], t->first->vector, t->first->neuron,
               t->first_missing == 2 ? a->path : b->path);
    else
        printf("first diverging layer: %s (vector %ld neuron %ld: %lld vs %lld)\n",
               g_rank_names[first_layer], t->first->vector, t->first->neuron,
               (long long)t->first->value, (long long)t->first_b);
    if (worst_at)
        printf("largest absolute difference: %llu (layer %s vector %ld neuron %ld)\n",
               worst, worst_at->layer, worst_at->vector, worst_at->neuron);
    printf("%ld mismatches in %ld values\n", total_bad, total);
    free(tally);
    return QN_EXIT_FAIL;
}

int qn_cmd_diff(int argc, char **argv)
{
    static const struct option options[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (c == 'h') {
            printf("usage: qnngen diff A B   (results .txt files or .npy outputs)\n");
            return QN_EXIT_OK;
        }
        return qn_usage_error("diff", "see `qnngen diff --help`");
    }
    if (optind + 2 != argc)
        return qn_usage_error("diff", "give two result files: qnngen diff A B");
    side_t s[2] = { { .path = argv[optind] }, { .path = argv[optind + 1] } };
    int status = QN_EXIT_FAIL;
    /* text sides first: they name the layers an .npy side stands for */
    for (int k = 0; k < 2; k++)
        if (!qn_has_suffix(s[k].path, ".npy")) {
            if (!(s[k].text = qn_results_read(s[k].path)))
                goto done;
            s[k].records = s[k].text->records;
            s[k].n = s[k].text->n;
        }
    const qn_results_t *named = s[0].text ? s[0].text : s[1].text;
    const char *last = named && named->n_layers ? named->layers[named->n_layers - 1]
                                                : "output";
    for (int k = 0; k < 2; k++)
        if (qn_has_suffix(s[k].path, ".npy") && !load_npy_side(&s[k], last))
            goto done;
    /* layer order: A's order of appearance, then B's new ones */
    g_rank_count = 0;
    g_rank_names = calloc((s[0].text ? s[0].text->n_layers : 1) +
                          (s[1].text ? s[1].text->n_layers : 1) + 1,
                          sizeof *g_rank_names);
    if (!g_rank_names)
        goto done;
    for (int k = 0; k < 2; k++) {
        size_t n = s[k].text ? s[k].text->n_layers : 1;
        for (size_t l = 0; l < n; l++) {
            const char *name = s[k].text ? s[k].text->layers[l] : last;
            if (layer_rank(name) == g_rank_count)
                g_rank_names[g_rank_count++] = name;
        }
    }
    for (int k = 0; k < 2; k++) {
        qsort(s[k].records, s[k].n, sizeof *s[k].records, compare_records);
        if (!check_duplicates(&s[k]))
            goto done;
    }
    status = compare_sides(&s[0], &s[1]);
done:
    for (int k = 0; k < 2; k++) {
        if (s[k].owns_records)
            free(s[k].records);
        qn_results_free(s[k].text);
    }
    free(g_rank_names);
    g_rank_names = NULL;
    return status;
}
