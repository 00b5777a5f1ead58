/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Stands in for include/linux/list.h: doubly linked lists and hlist. */
#ifndef VIRTREF_LINUX_LIST_H
#define VIRTREF_LINUX_LIST_H

#include <stdbool.h>
#include <virtref/linux/kernel.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name)                                                                       \
	{                                                                                          \
		&(name), &(name)                                                                   \
	}
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/**
 * INIT_LIST_HEAD() - makes @list an empty list
 * @list: the head
 */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

/**
 * __list_add() - links @entry between two neighbours
 * @entry: the new entry
 * @prev: the entry before it
 * @next: the entry after it
 */
static inline void __list_add(struct list_head *entry, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = entry;
	entry->next = next;
	entry->prev = prev;
	prev->next = entry;
}

/**
 * list_add() - adds @entry at the front of @head
 * @entry: the new entry
 * @head: the list
 */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head, head->next);
}

/**
 * list_add_tail() - adds @entry at the back of @head
 * @entry: the new entry
 * @head: the list
 */
static inline void list_add_tail(struct list_head *entry, struct list_head *head)
{
	__list_add(entry, head->prev, head);
}

/**
 * list_del() - unlinks @entry
 * @entry: an entry of a list; left linked to itself (the kernel poisons it)
 */
static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = entry;
	entry->prev = entry;
}

/**
 * list_del_init() - unlinks @entry and leaves it an empty list
 * @entry: an entry of a list
 */
static inline void list_del_init(struct list_head *entry)
{
	list_del(entry);
}

/**
 * list_empty() - whether @head has no entry
 * @head: the list
 *
 * Return: true when empty.
 */
static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/**
 * list_is_first() - whether @entry is the first of @head
 * @entry: an entry of @head
 * @head: the list
 *
 * Return: true when it is.
 */
static inline bool list_is_first(const struct list_head *entry, const struct list_head *head)
{
	return entry->prev == head;
}

/**
 * list_is_last() - whether @entry is the last of @head
 * @entry: an entry of @head
 * @head: the list
 *
 * Return: true when it is.
 */
static inline bool list_is_last(const struct list_head *entry, const struct list_head *head)
{
	return entry->next == head;
}

/**
 * list_is_singular() - whether @head has exactly one entry
 * @head: the list
 *
 * Return: true when it has.
 */
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

/**
 * __list_splice() - links the entries of @list between two neighbours
 * @list: a non-empty list; its head is left stale
 * @prev: the entry before them
 * @next: the entry after them
 */
static inline void __list_splice(const struct list_head *list, struct list_head *prev,
				 struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

/**
 * list_splice() - moves @list's entries to the front of @head
 * @list: the source; its head is left stale
 * @head: the destination
 */
static inline void list_splice(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head, head->next);
}

/**
 * list_splice_tail() - moves @list's entries to the back of @head
 * @list: the source; its head is left stale
 * @head: the destination
 */
static inline void list_splice_tail(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__list_splice(list, head->prev, head);
}

/**
 * list_splice_init() - list_splice(), leaving @list empty
 * @list: the source
 * @head: the destination
 */
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}

/**
 * list_splice_tail_init() - list_splice_tail(), leaving @list empty
 * @list: the source
 * @head: the destination
 */
static inline void list_splice_tail_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__list_splice(list, head->prev, head);
		INIT_LIST_HEAD(list);
	}
}

/**
 * list_move() - moves @entry to the front of @head
 * @entry: an entry of any list
 * @head: the destination
 */
static inline void list_move(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add(entry, head);
}

/**
 * list_move_tail() - moves @entry to the back of @head
 * @entry: an entry of any list
 * @head: the destination
 */
static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	list_del(entry);
	list_add_tail(entry, head);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)
#define list_first_entry_or_null(head, type, member)                                               \
	(list_empty(head) ? NULL : list_first_entry(head, type, member))
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_safe(pos, n, head)                                                           \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
#define list_for_each_entry(pos, head, member)                                                     \
	for (pos = list_first_entry(head, __typeof__(*pos), member); &pos->member != (head);       \
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)                                             \
	for (pos = list_first_entry(head, __typeof__(*pos), member),                               \
	    n = list_next_entry(pos, member);                                                      \
	     &pos->member != (head); pos = n, n = list_next_entry(n, member))

#define list_for_each_entry_reverse(pos, head, member)                                             \
	for (pos = list_last_entry(head, __typeof__(*pos), member); &pos->member != (head);        \
	     pos = list_prev_entry(pos, member))
/* From the entry after @pos (from the first when @pos is the head). */
#define list_for_each_entry_continue(pos, head, member)                                            \
	for (pos = list_next_entry(pos, member); &pos->member != (head);                           \
	     pos = list_next_entry(pos, member))
/* From @pos itself. */
#define list_for_each_entry_from(pos, head, member)                                                \
	for (; &pos->member != (head); pos = list_next_entry(pos, member))
#define list_for_each_entry_safe_reverse(pos, n, head, member)                                     \
	for (pos = list_last_entry(head, __typeof__(*pos), member),                                \
	    n = list_prev_entry(pos, member);                                                      \
	     &pos->member != (head); pos = n, n = list_prev_entry(n, member))

/* Singly headed lists for hash buckets and short stacks (hlist_*). */
#define HLIST_HEAD_INIT                                                                            \
	{                                                                                          \
		.first = NULL                                                                      \
	}
#define HLIST_HEAD(name) struct hlist_head name = HLIST_HEAD_INIT

/**
 * INIT_HLIST_HEAD() - makes @h an empty hlist
 * @h: the head
 */
static inline void INIT_HLIST_HEAD(struct hlist_head *h)
{
	h->first = NULL;
}

/**
 * INIT_HLIST_NODE() - makes @n a node on no list
 * @n: the node
 */
static inline void INIT_HLIST_NODE(struct hlist_node *n)
{
	n->next = NULL;
	n->pprev = NULL;
}

/**
 * hlist_empty() - whether @h has no node
 * @h: the head
 *
 * Return: true when empty.
 */
static inline bool hlist_empty(const struct hlist_head *h)
{
	return !h->first;
}

/**
 * hlist_unhashed() - whether @n is on no list
 * @n: the node
 *
 * Return: true when unlinked.
 */
static inline bool hlist_unhashed(const struct hlist_node *n)
{
	return !n->pprev;
}

/**
 * hlist_add_head() - adds @n at the front of @h
 * @n: the node
 * @h: the head
 */
static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	if (first)
		first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

/**
 * hlist_del_init() - unlinks @n, if linked, and leaves it on no list
 * @n: the node
 */
static inline void hlist_del_init(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	INIT_HLIST_NODE(n);
}

#define hlist_entry(ptr, type, member) container_of(ptr, type, member)
#define hlist_entry_safe(ptr, type, member) ((ptr) ? hlist_entry(ptr, type, member) : NULL)
#define hlist_for_each_entry(pos, head, member)                                                    \
	for (pos = hlist_entry_safe((head)->first, __typeof__(*pos), member); pos;                 \
	     pos = hlist_entry_safe((pos)->member.next, __typeof__(*pos), member))

#endif
