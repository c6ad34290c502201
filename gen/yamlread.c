/* yamlread.c - the only file that talks to libyaml: a YAML file becomes a
 * qn_node_t tree with 1-based marks.
 *
 * Documents are small, so the whole file is loaded with libyaml's document
 * API and then copied into our tree, checking what libyaml does not:
 * duplicate keys, non-scalar keys, alias loops and alias bombs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "diag.h"
#include "qn_limits.h"
#include "node.h"

enum {
    MAX_DEPTH = QN_MAX_YAML_DEPTH,  /* nesting deeper than this is refused */
    MAX_NODES = QN_MAX_YAML_NODES   /* nodes after alias expansion (alias bombs) */
};

typedef struct convert_state {
    const char *path;
    yaml_document_t *doc;
    long nodes_made;
} convert_state_t;

static qn_mark_t mark_of(yaml_mark_t m)
{
    qn_mark_t mark = { (int)m.line + 1, (int)m.column + 1 };
    return mark;
}

static qn_node_t *convert(convert_state_t *st, yaml_node_t *yn, int depth);

static int convert_mapping(convert_state_t *st, yaml_node_t *yn,
                           qn_node_t *node, int depth)
{
    size_t count = (size_t)(yn->data.mapping.pairs.top -
                            yn->data.mapping.pairs.start);
    if (count && !(node->pairs = calloc(count, sizeof *node->pairs)))
        return 0;
    for (size_t i = 0; i < count; i++) {
        yaml_node_pair_t *p = &yn->data.mapping.pairs.start[i];
        yaml_node_t *yk = yaml_document_get_node(st->doc, p->key);
        yaml_node_t *yv = yaml_document_get_node(st->doc, p->value);
        if (yk->type != YAML_SCALAR_NODE) {
            qn_error_at(st->path, mark_of(yk->start_mark),
                        "a mapping key must be a plain name, not a %s",
                        yk->type == YAML_MAPPING_NODE ? "mapping" : "sequence");
            return 0;
        }
        qn_node_t *key = convert(st, yk, depth + 1);
        if (!key)
            return 0;
        for (size_t j = 0; j < node->n; j++)
            if (strcmp(node->pairs[j].key->text, key->text) == 0) {
                qn_error_at(st->path, key->mark,
                            "duplicate key '%s' (first given at line %d); "
                            "keep one of them",
                            key->text, node->pairs[j].key->mark.line);
                qn_node_free(key);
                return 0;
            }
        qn_node_t *value = convert(st, yv, depth + 1);
        if (!value) {
            qn_node_free(key);
            return 0;
        }
        node->pairs[node->n].key = key;
        node->pairs[node->n].value = value;
        node->n++;
    }
    return 1;
}

static int convert_sequence(convert_state_t *st, yaml_node_t *yn,
                            qn_node_t *node, int depth)
{
    size_t count = (size_t)(yn->data.sequence.items.top -
                            yn->data.sequence.items.start);
    if (count && !(node->items = calloc(count, sizeof *node->items)))
        return 0;
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *yi = yaml_document_get_node(
            st->doc, yn->data.sequence.items.start[i]);
        qn_node_t *item = convert(st, yi, depth + 1);
        if (!item)
            return 0;
        node->items[node->n++] = item;
    }
    return 1;
}

static qn_node_t *convert(convert_state_t *st, yaml_node_t *yn, int depth)
{
    if (depth > MAX_DEPTH) {
        qn_error_at(st->path, mark_of(yn->start_mark),
                    "nesting deeper than %d levels (a recursive alias?)",
                    MAX_DEPTH);
        return NULL;
    }
    if (++st->nodes_made > MAX_NODES) {
        qn_error_at(st->path, mark_of(yn->start_mark),
                    "more than %d nodes after expanding aliases; "
                    "write the document without nested aliases", MAX_NODES);
        return NULL;
    }
    qn_node_t *node = calloc(1, sizeof *node);
    if (!node) {
        qn_error_at(st->path, mark_of(yn->start_mark), "out of memory");
        return NULL;
    }
    node->mark = mark_of(yn->start_mark);
    int ok = 1;
    switch (yn->type) {
    case YAML_SCALAR_NODE:
        node->kind = QN_NODE_SCALAR;
        node->quoted = yn->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                       yn->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        node->text = malloc(yn->data.scalar.length + 1);
        if (!node->text) {
            ok = 0;
            break;
        }
        memcpy(node->text, yn->data.scalar.value, yn->data.scalar.length);
        node->text[yn->data.scalar.length] = '\0';
        if (strlen(node->text) != yn->data.scalar.length) {
            qn_error_at(st->path, node->mark, "a scalar holds a NUL character");
            ok = 0;
        }
        break;
    case YAML_MAPPING_NODE:
        node->kind = QN_NODE_MAP;
        ok = convert_mapping(st, yn, node, depth);
        break;
    case YAML_SEQUENCE_NODE:
        node->kind = QN_NODE_SEQ;
        ok = convert_sequence(st, yn, node, depth);
        break;
    default:
        ok = 0;
        break;
    }
    if (!ok) {
        qn_node_free(node);
        return NULL;
    }
    return node;
}

static void report_parser_error(const char *path, const yaml_parser_t *parser)
{
    const char *problem = parser->problem ? parser->problem : "malformed YAML";
    if (parser->error == YAML_MEMORY_ERROR) {
        qn_error_at(path, (qn_mark_t){0, 0}, "out of memory reading YAML");
        return;
    }
    if (parser->error == YAML_READER_ERROR) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "%s at byte %zu; save the file as UTF-8 text", problem,
                    parser->problem_offset);
        return;
    }
    if (parser->context)
        qn_error_at(path, mark_of(parser->problem_mark),
                    "YAML syntax: %s %s (line %d); fix the indentation or "
                    "quoting there", problem, parser->context,
                    (int)parser->context_mark.line + 1);
    else
        qn_error_at(path, mark_of(parser->problem_mark),
                    "YAML syntax: %s; fix the indentation or quoting there",
                    problem);
}

/* Loads the one document `parser` is set up to read and converts it. */
static qn_node_t *load_tree(const char *path, yaml_parser_t *parser)
{
    yaml_document_t doc;
    qn_node_t *tree = NULL;
    if (!yaml_parser_load(parser, &doc)) {
        report_parser_error(path, parser);
        return NULL;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        qn_error_at(path, (qn_mark_t){1, 1},
                    "the file is empty; a network starts with `qnngen: 1`");
    } else {
        convert_state_t st = { path, &doc, 0 };
        tree = convert(&st, root, 0);
    }
    yaml_document_delete(&doc);
    return tree;
}

qn_node_t *qn_yaml_read_file(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        qn_error_at(path, (qn_mark_t){0, 0}, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) {
        qn_error_at(path, (qn_mark_t){0, 0},
                    "is a directory; name the network's .yaml file");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        qn_error_at(path, (qn_mark_t){0, 0}, "cannot open: %s", strerror(errno));
        return NULL;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        qn_error_at(path, (qn_mark_t){0, 0}, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_file(&parser, f);
    qn_node_t *tree = load_tree(path, &parser);
    yaml_parser_delete(&parser);
    fclose(f);
    return tree;
}

qn_node_t *qn_yaml_read_buffer(const char *name, const unsigned char *buf,
                               size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        qn_error_at(name, (qn_mark_t){0, 0}, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, buf, len);
    qn_node_t *tree = load_tree(name, &parser);
    yaml_parser_delete(&parser);
    return tree;
}
