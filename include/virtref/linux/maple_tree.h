/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/maple_tree.h, for trees that a ported file
 * creates and destroys but no model fills: arm64 KVM's SMCCC filter
 * (kvm->arch.smccc_filter), whose calls are outside the arm model.
 * There is no mtree_insert_range() here, so a file that fills one does
 * not compile rather than run against a tree that ignores it.
 */
#ifndef VIRTREF_LINUX_MAPLE_TREE_H
#define VIRTREF_LINUX_MAPLE_TREE_H

#include <stdbool.h>

struct maple_tree {
	bool vr_initialized; /* mt_init() ran and mtree_destroy() did not */
};

/**
 * mt_init() - makes @mt an empty tree
 * @mt: the tree
 */
static inline void mt_init(struct maple_tree *mt)
{
	mt->vr_initialized = true;
}

/**
 * mtree_destroy() - frees what @mt holds: nothing here
 * @mt: the tree
 */
static inline void mtree_destroy(struct maple_tree *mt)
{
	mt->vr_initialized = false;
}

/**
 * mtree_empty() - whether @mt holds no range
 * @mt: the tree
 *
 * Return: true; nothing can be inserted.
 */
static inline bool mtree_empty(const struct maple_tree *mt)
{
	(void)mt;
	return true;
}

#endif
