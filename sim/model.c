// SPDX-License-Identifier: GPL-2.0
/*
 * The FUSE DAX window model. Ranges are slots; a mapped slot is on the busy
 * list (FIFO by mapping time), on its inode's list and in a hash table keyed
 * by (inode, range); a free slot is on the free list.
 */
#include <stdlib.h>

#include "model.h"

#define NIL UINT32_MAX

struct slot {
	uint64_t range;
	uint32_t inode;
	uint32_t prev, next;		/* busy list; next also links the free list */
	uint32_t ino_prev, ino_next;	/* the inode's mapped ranges */
	uint8_t mapped, writable;
};

struct model {
	struct slot *s;
	uint32_t n, nfree, threshold;
	uint32_t busy_head, busy_tail, free_head, free_tail;
	uint32_t *ino_head, ninodes;
	uint32_t *tab, tab_mask;	/* (inode, range) -> slot, linear probing */
	bool pending, lazy;		/* worker queued, and for when */
	uint64_t pending_at;
	/* The timed worker: per_range_ns 0 is the instant one. A run in
	 * progress frees its next range at run_next, run_left more at most. */
	uint64_t start_ns, per_range_ns;
	bool running;
	uint64_t run_next, run_end;	/* run_end: when the last run ended */
	uint32_t run_left;
	struct model_counts c;
};

static uint32_t tab_home(const struct model *m, uint32_t inode, uint64_t range)
{
	uint64_t x = range * 0x9e3779b97f4a7c15ULL ^ (uint64_t)inode * 0xc2b2ae3d27d4eb4fULL;

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return (uint32_t)(x >> 32) & m->tab_mask;
}

static uint32_t tab_find(const struct model *m, uint32_t inode, uint64_t range, uint32_t *pos)
{
	uint32_t i = tab_home(m, inode, range), v;

	for (; (v = m->tab[i]) != NIL; i = (i + 1) & m->tab_mask)
		if (m->s[v].inode == inode && m->s[v].range == range)
			break;
	if (pos)
		*pos = i;
	return v;
}

static void tab_remove(struct model *m, uint32_t slot)
{
	uint32_t i, j, k;

	tab_find(m, m->s[slot].inode, m->s[slot].range, &i);
	/* Backward-shift deletion keeps probe chains unbroken. */
	for (j = i;;) {
		j = (j + 1) & m->tab_mask;
		if (m->tab[j] == NIL)
			break;
		k = tab_home(m, m->s[m->tab[j]].inode, m->s[m->tab[j]].range);
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		m->tab[i] = m->tab[j];
		i = j;
	}
	m->tab[i] = NIL;
}

struct model *model_new(uint32_t nranges, uint32_t ninodes)
{
	struct model *m = calloc(1, sizeof(*m));
	uint64_t tabsz = 16;
	uint32_t i;

	if (!m || !nranges || nranges >= (1U << 30))
		goto fail;
	while (tabsz < 2ULL * nranges)
		tabsz <<= 1;
	m->n = nranges;
	m->ninodes = ninodes;
	m->s = calloc(nranges, sizeof(*m->s));
	m->ino_head = malloc((ninodes ? ninodes : 1) * sizeof(*m->ino_head));
	m->tab = malloc(tabsz * sizeof(*m->tab));
	if (!m->s || !m->ino_head || !m->tab)
		goto fail;
	m->tab_mask = (uint32_t)(tabsz - 1);
	for (i = 0; i < tabsz; i++)
		m->tab[i] = NIL;
	for (i = 0; i < ninodes; i++)
		m->ino_head[i] = NIL;
	/* fuse_dax_mem_range_init(): every range free, in window order. */
	for (i = 0; i < nranges; i++)
		m->s[i].next = i + 1 < nranges ? i + 1 : NIL;
	m->free_head = 0;
	m->free_tail = nranges - 1;
	m->nfree = nranges;
	m->busy_head = m->busy_tail = NIL;
	/* __kick_dmap_free_worker(): max(nr_ranges * 20 / 100, 1). */
	m->threshold = (uint32_t)((uint64_t)nranges * DAX_RECLAIM_THRESHOLD / 100);
	if (!m->threshold)
		m->threshold = 1;
	return m;
fail:
	model_destroy(m);
	return NULL;
}

void model_destroy(struct model *m)
{
	if (!m)
		return;
	free(m->s);
	free(m->ino_head);
	free(m->tab);
	free(m);
}

/* __dmap_add_to_free_pool(): to the tail. */
static void free_push(struct model *m, uint32_t i)
{
	m->s[i].next = NIL;
	if (m->free_tail == NIL)
		m->free_head = i;
	else
		m->s[m->free_tail].next = i;
	m->free_tail = i;
	m->nfree++;
}

/* alloc_dax_mapping(): from the head. */
static uint32_t free_pop(struct model *m)
{
	uint32_t i = m->free_head;

	m->free_head = m->s[i].next;
	if (m->free_head == NIL)
		m->free_tail = NIL;
	m->nfree--;
	return i;
}

/* fuse_setup_one_mapping(): into the inode's tree and onto the busy tail. */
static void map(struct model *m, uint32_t i, uint32_t inode, uint64_t range, bool writable)
{
	struct slot *s = &m->s[i];
	uint32_t pos;

	s->inode = inode;
	s->range = range;
	s->writable = writable;
	s->mapped = 1;
	tab_find(m, inode, range, &pos);
	m->tab[pos] = i;
	s->ino_prev = NIL;
	s->ino_next = m->ino_head[inode];
	if (s->ino_next != NIL)
		m->s[s->ino_next].ino_prev = i;
	m->ino_head[inode] = i;
	s->next = NIL;
	s->prev = m->busy_tail;
	if (m->busy_tail == NIL)
		m->busy_head = i;
	else
		m->s[m->busy_tail].next = i;
	m->busy_tail = i;
}

/* reclaim_one_dmap_locked() and the busy-list removal of its callers. */
static void unmap(struct model *m, uint32_t i)
{
	struct slot *s = &m->s[i];

	tab_remove(m, i);
	if (s->ino_prev == NIL)
		m->ino_head[s->inode] = s->ino_next;
	else
		m->s[s->ino_prev].ino_next = s->ino_next;
	if (s->ino_next != NIL)
		m->s[s->ino_next].ino_prev = s->ino_prev;
	if (s->prev == NIL)
		m->busy_head = s->next;
	else
		m->s[s->prev].next = s->next;
	if (s->next == NIL)
		m->busy_tail = s->prev;
	else
		m->s[s->next].prev = s->prev;
	s->mapped = 0;
}

/* __kick_dmap_free_worker(): queue the worker below the threshold. An
 * already queued worker keeps its time (queue_delayed_work()). */
static void kick(struct model *m, uint64_t at)
{
	if (!m->lazy && !m->pending && m->nfree < m->threshold) {
		m->pending = true;
		m->pending_at = at;
	}
}

/* try_to_free_dmap_chunks(): up to a chunk from the busy head, skipping the
 * range in use. */
static uint32_t chunk(struct model *m, uint32_t in_use)
{
	uint32_t i = m->busy_head, freed = 0;

	m->c.reclaim_worker_runs++;
	while (i != NIL && freed < DAX_RECLAIM_CHUNK) {
		uint32_t next = m->s[i].next;

		if (i != in_use) {
			unmap(m, i);
			free_push(m, i);
			freed++;
		}
		i = next;
	}
	m->c.reclaim_background += freed;
	return freed;
}

/* fuse_dax_free_mem_worker(): one chunk, then requeue if still below. */
static void worker_run(struct model *m, uint64_t now, uint32_t in_use)
{
	m->pending = false;
	chunk(m, in_use);
	kick(m, now + DAX_REQUEUE_NS);
}

static void worker_due(struct model *m, uint64_t now, uint32_t in_use)
{
	while (m->pending && m->pending_at <= now)
		worker_run(m, now, in_use);
}

/*
 * The timed worker (rule 10). Its events (a run's start, each range freed)
 * happen at their own times, before any reference at or after that time.
 * Nothing is in use between references (rule 6), so it never skips one.
 */

/* When the next event is due; UINT64_MAX when none is. */
static uint64_t timed_next(const struct model *m)
{
	uint64_t start;

	if (m->running)
		return m->run_next;
	if (!m->pending)
		return UINT64_MAX;
	/* The work item never runs twice at once: a kick during a run (the
	 * run cleared PENDING as it began) starts the next one at its end. */
	start = m->pending_at + m->start_ns;
	return start > m->run_end ? start : m->run_end;
}

static void timed_event(struct model *m)
{
	uint64_t t = timed_next(m);

	if (!m->running) {
		m->pending = false;
		m->c.reclaim_worker_runs++;
		if (m->busy_head == NIL) {	/* !nr_busy_ranges: done at once */
			m->run_end = t;
			kick(m, t + DAX_REQUEUE_NS);
			return;
		}
		m->running = true;
		m->run_left = DAX_RECLAIM_CHUNK;
		m->run_next = t + m->per_range_ns;
		return;
	}
	/* try_to_free_dmap_chunks(): the busy head as it is now, freed at
	 * once (picked when its removal ends, see README.md). */
	if (m->busy_head != NIL) {
		uint32_t i = m->busy_head;

		unmap(m, i);
		free_push(m, i);
		m->c.reclaim_background++;
		m->run_left--;
	}
	if (m->busy_head == NIL || !m->run_left) {
		m->running = false;
		m->run_end = t;
		kick(m, t + DAX_REQUEUE_NS);	/* kick_dmap_free_worker(fcd, 1) */
	} else {
		m->run_next = t + m->per_range_ns;
	}
}

static void timed_due(struct model *m, uint64_t now)
{
	while (timed_next(m) <= now)
		timed_event(m);
}

/* A task sleeping on range_waitq: the worker's events, ahead of now if
 * need be, until it frees a range. false if it never will (not queued). */
static bool timed_wait(struct model *m)
{
	while (!m->nfree) {
		if (timed_next(m) == UINT64_MAX)
			return false;
		timed_event(m);
	}
	return true;
}

static bool timed(const struct model *m)
{
	return m->per_range_ns && !m->lazy;
}

/* Before a record at now: whatever the worker has done by then. Earlier
 * references have completed, so the instant worker skips nothing. */
static void worker_catch_up(struct model *m, uint64_t now)
{
	if (timed(m))
		timed_due(m, now);
	else
		worker_due(m, now, NIL);
}

/* inode_lookup_first_dmap(): the inode's lowest file offset not in use. The
 * missing range is not mapped, so none of the inode's is in use here. */
static uint32_t inode_first(const struct model *m, uint32_t inode)
{
	uint32_t i, best = NIL;

	for (i = m->ino_head[inode]; i != NIL; i = m->s[i].ino_next)
		if (best == NIL || m->s[i].range < m->s[best].range)
			best = i;
	return best;
}

void model_ref(struct model *m, uint64_t now, uint32_t inode, uint64_t range,
	       bool write, bool fault)
{
	uint32_t i;

	worker_catch_up(m, now);
	m->c.references++;

	/* fuse_iomap_begin(): a hit, or an upgrade of a read-only range. */
	i = tab_find(m, inode, range, NULL);
	if (i != NIL) {
		if (write && !m->s[i].writable) {
			m->s[i].writable = 1;	/* fuse_upgrade_dax_mapping() */
			m->c.upgrades++;
		} else {
			m->c.hits++;
		}
		return;
	}

	/* fuse_setup_new_dax_mapping(). */
	if (m->nfree) {
		i = free_pop(m);
		kick(m, now);
	} else {
		m->c.no_free_range++;
		kick(m, now);
		/* alloc_dax_mapping_reclaim(): read/write only; a fault cannot
		 * reclaim inline and waits (-EAGAIN in __fuse_dax_fault()). */
		i = fault ? NIL : inode_first(m, inode);
		if (i != NIL) {
			unmap(m, i);	/* inode_inline_reclaim_one_dmap() */
			m->c.reclaim_inline++;
		} else {
			/* Sleep on range_waitq until the worker frees one: the
			 * instant worker runs now, the timed one gets there. */
			m->c.free_range_waits++;
			if (timed(m)) {
				if (!timed_wait(m))
					return;	/* cannot happen: kicked at free 0 */
			} else {
				worker_run(m, now, NIL);
			}
			if (!m->nfree)
				return;	/* nothing mapped at all: cannot happen */
			i = free_pop(m);
			kick(m, now);
		}
	}
	map(m, i, inode, range, write);
	m->c.new_mappings++;
	/* A worker kicked with no delay runs while this range is in use; the
	 * timed worker's first range comes per_range_ns later. */
	if (!timed(m))
		worker_due(m, now, i);
}

void model_evict(struct model *m, uint64_t now, uint32_t inode)
{
	uint32_t i;

	worker_catch_up(m, now);
	/* fuse_dax_inode_cleanup() -> inode_reclaim_dmap_range(0, -1). */
	while ((i = m->ino_head[inode]) != NIL) {
		unmap(m, i);
		free_push(m, i);
		m->c.evicted_ranges++;
	}
}

int model_grow_inodes(struct model *m, uint32_t ninodes)
{
	uint32_t *h, i;

	if (ninodes <= m->ninodes)
		return 0;
	if (!(h = realloc(m->ino_head, (size_t)ninodes * sizeof(*h))))
		return -1;
	for (i = m->ninodes; i < ninodes; i++)
		h[i] = NIL;
	m->ino_head = h;
	m->ninodes = ninodes;
	return 0;
}

const struct model_counts *model_counts(const struct model *m)
{
	return &m->c;
}

uint32_t model_free_ranges(const struct model *m)
{
	return m->nfree;
}

bool model_is_mapped(const struct model *m, uint32_t inode, uint64_t range)
{
	return tab_find(m, inode, range, NULL) != NIL;
}

void model_lazy_worker(struct model *m, bool lazy)
{
	m->lazy = lazy;
}

void model_advance(struct model *m, uint64_t now)
{
	if (timed(m))
		timed_due(m, now);
}

void model_set_worker_timing(struct model *m, uint64_t start_ns, uint64_t per_range_ns)
{
	m->start_ns = start_ns;
	m->per_range_ns = per_range_ns;
}
