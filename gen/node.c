/* node.c - the plain YAML tree: look-up, copy, free. */
#include <stdlib.h>
#include <string.h>

#include "node.h"

const qn_node_t *qn_node_get(const qn_node_t *map, const char *key)
{
    if (!map || map->kind != QN_NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

qn_node_t *qn_node_clone(const qn_node_t *node)
{
    if (!node)
        return NULL;
    qn_node_t *copy = calloc(1, sizeof *copy);
    if (!copy)
        return NULL;
    copy->kind = node->kind;
    copy->mark = node->mark;
    copy->quoted = node->quoted;
    if (node->text && !(copy->text = strdup(node->text)))
        goto fail;
    if (node->kind == QN_NODE_MAP && node->n) {
        if (!(copy->pairs = calloc(node->n, sizeof *copy->pairs)))
            goto fail;
        for (size_t i = 0; i < node->n; i++, copy->n++) {
            copy->pairs[i].key = qn_node_clone(node->pairs[i].key);
            copy->pairs[i].value = qn_node_clone(node->pairs[i].value);
            if (!copy->pairs[i].key || !copy->pairs[i].value) {
                copy->n++;
                goto fail;
            }
        }
    } else if (node->kind == QN_NODE_SEQ && node->n) {
        if (!(copy->items = calloc(node->n, sizeof *copy->items)))
            goto fail;
        for (size_t i = 0; i < node->n; i++, copy->n++)
            if (!(copy->items[i] = qn_node_clone(node->items[i]))) {
                copy->n++;
                goto fail;
            }
    }
    return copy;
fail:
    qn_node_free(copy);
    return NULL;
}

void qn_node_free(qn_node_t *node)
{
    if (!node)
        return;
    if (node->kind == QN_NODE_MAP)
        for (size_t i = 0; i < node->n; i++) {
            qn_node_free(node->pairs[i].key);
            qn_node_free(node->pairs[i].value);
        }
    if (node->kind == QN_NODE_SEQ)
        for (size_t i = 0; i < node->n; i++)
            qn_node_free(node->items[i]);
    free(node->pairs);
    free(node->items);
    free(node->text);
    free(node);
}
