// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat: counters and latency histograms for the virtio-fs DAX window
 * (fs/fuse/dax.c) on a stock fuse module, from fentry/fexit programs on the
 * functions that survive inlining in Debian's 6.1 build:
 *
 *   fuse_iomap_begin        every DAX read/write chunk and fault: hits, holes
 *   fuse_setup_one_mapping  FUSE_SETUPMAPPING; `upgrade` tells an upgrade
 *   fuse_send_removemapping FUSE_REMOVEMAPPING; inargp->count ranges
 *   alloc_dax_mapping       NULL = no free range (fault: -EAGAIN and retry;
 *                           read/write: inline reclaim of the inode's ranges)
 *   dmap_reinit_add_to_free_pool  a range went back to the free list
 *   fuse_dax_free_mem_worker      background reclaim
 *   fuse_dax_write_iter     file-extending writes, which bypass DAX
 *   __fuse_dax_fault        DAX page faults
 *   fuse_dax_inode_cleanup  eviction: its removals are not reclaim
 *
 * Per-task state (task local storage) ties the inner events to their caller:
 * a FUSE_REMOVEMAPPING sent inside fuse_dax_inode_cleanup is an eviction,
 * else one sent inside fuse_iomap_begin is inline reclaim and one sent by
 * the worker is background reclaim. Counters are atomic adds on a per-CPU array (one lookup).
 *
 * The handlers are the ds_on_*() functions; the programs are thin wrappers,
 * so a patched module's tracepoints (tp_btf) can feed the same handlers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fuse_dax.h"
#include "daxstat.h"

char LICENSE[] SEC("license") = "GPL";

/* Kernel dev_t (MAJOR << 20 | MINOR) of the one mount to trace; 0 = all. */
const volatile __u32 filter_dev = 0;
/* The fuse_conn_dax of that mount, learned from its first iomap_begin: the
 * functions that only get the connection are filtered with it. */
__u64 filter_fcd = 0;
/* Set by the loader before it detaches: nothing new starts, but what began
 * before (an entry with its per-task state) is still finished and counted. */
__u32 stopped = 0;
/* Patched module: the fuse_dax tracepoints count; the fentry programs that
 * are still loaded only time iomap_begin and tell a task's context. */
const volatile bool tp_mode = false;
/* fentry on fuse_dax_inode_cleanup is loaded in tracepoint mode. */
const volatile bool tp_have_ctx = false;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ds_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DS_MAX_CONNS);
	__type(key, __u64);		/* struct fuse_conn_dax * */
	__type(value, struct ds_conn);
} conns SEC(".maps");

struct ds_task {
	__u64 begin_ts;		/* fuse_iomap_begin entry */
	__u64 setup_ts;		/* fuse_setup_one_mapping entry */
	__u64 rm_ts;		/* fuse_send_removemapping entry */
	__u64 nospace_ts;	/* alloc_dax_mapping gave NULL (read/write) */
	__u64 eagain_ts;	/* a fault's iomap_begin gave -EAGAIN */
	__u64 worker_ts;	/* fuse_dax_free_mem_worker entry */
	__u64 bg_mark;		/* worker start or its last reclaimed range */
	__u32 begin_flags;
	__u32 setups;		/* setups inside the current iomap_begin */
	__u8 in_begin;
	__u8 in_worker;
	__u8 ext;		/* the current write_iter extends the file */
	__u8 in_evict;		/* inside fuse_dax_inode_cleanup (eviction) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ds_task);
} tstate SEC(".maps");

static __always_inline struct ds_stats *ds_stats(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&stats, &zero);
}

static __always_inline void ds_add(struct ds_stats *s, int c, __u64 v)
{
	if (s)
		__sync_fetch_and_add(&s->cnt[c], v);
}

static __always_inline __u32 ds_log2(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5; v >>= shift; r |= shift;
	shift = (v > 0xffff) << 4; v >>= shift; r |= shift;
	shift = (v > 0xff) << 3; v >>= shift; r |= shift;
	shift = (v > 0xf) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline void ds_hist(struct ds_stats *s, int h, __u64 ns)
{
	__u64 slot = ds_log2(ns);

	/* A no-op (log2 of a u64 is < 64) for the verifier; the barrier keeps
	 * clang from folding the mask into the computation above. */
	barrier_var(slot);
	slot &= DS_HIST_SLOTS - 1;

	if (!s)
		return;
	__sync_fetch_and_add(&s->hist[h].slot[slot], 1);
	__sync_fetch_and_add(&s->hist[h].sum_ns, ns);
}

static __always_inline struct ds_task *ds_task(bool create)
{
	return bpf_task_storage_get(&tstate, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __always_inline bool ds_inode_ok(struct inode *inode)
{
	if (!filter_dev)
		return true;
	return BPF_CORE_READ(inode, i_sb, s_dev) == filter_dev;
}

static __always_inline bool ds_fcd_ok(struct fuse_conn_dax *fcd)
{
	return !filter_dev || (__u64)fcd == filter_fcd;
}

static __always_inline void ds_conn_seen(struct fuse_conn_dax *fcd)
{
	struct ds_conn c = {};
	__u64 key = (__u64)fcd;

	c.nr_free = BPF_CORE_READ(fcd, nr_free_ranges);
	c.nr_ranges = BPF_CORE_READ(fcd, nr_ranges);
	c.nr_busy = BPF_CORE_READ(fcd, nr_busy_ranges);
	c.ts_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&conns, &key, &c, BPF_ANY);
}

/* ---- handlers -------------------------------------------------------- */

static __always_inline void ds_on_iomap_begin(struct inode *inode, __u32 flags)
{
	struct ds_task *t;
	__u64 now;

	if (stopped)
		return;
	if (!ds_inode_ok(inode))
		return;
	if (filter_dev && !filter_fcd) {
		struct fuse_mount *fm = BPF_CORE_READ(inode, i_sb, s_fs_info);

		filter_fcd = (__u64)BPF_CORE_READ(fm, fc, dax);
	}
	t = ds_task(true);
	if (!t) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
		return;
	}
	now = bpf_ktime_get_ns();
	if (t->eagain_ts && (flags & DS_IOMAP_FAULT)) {
		/* A fault found no free range and is back: it waited. */
		struct ds_stats *s = ds_stats();

		ds_add(s, DS_C_WAIT, 1);
		ds_hist(s, DS_H_WAIT, now - t->eagain_ts);
	}
	t->eagain_ts = 0;
	t->nospace_ts = 0;
	t->setups = 0;
	t->begin_flags = flags;
	t->begin_ts = now;
	t->in_begin = 1;
}

static __always_inline void ds_on_iomap_end(int ret, __u16 type)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;
	__u64 now;

	/* Not begun under us (filtered out, or begun before attach). */
	if (!t || !t->in_begin)
		return;
	now = bpf_ktime_get_ns();
	t->in_begin = 0;
	s = ds_stats();
	ds_hist(s, DS_H_IOMAP_BEGIN, now - t->begin_ts);
	if (tp_mode)
		return;
	ds_add(s, DS_C_IOMAP_BEGIN, 1);
	if (ret == 0) {
		if (type == DS_IOMAP_MAPPED) {
			ds_add(s, DS_C_MAPPED, 1);
			if (!t->setups)
				ds_add(s, DS_C_HIT, 1);
		} else if (type == DS_IOMAP_HOLE) {
			ds_add(s, DS_C_HOLE, 1);
		}
	} else {
		ds_add(s, DS_C_IOMAP_ERR, 1);
		if (ret == -DS_EAGAIN && (t->begin_flags & DS_IOMAP_FAULT))
			t->eagain_ts = now;
	}
}

static __always_inline void ds_on_alloc_enter(struct fuse_conn_dax *fcd)
{
	struct ds_task *t;
	struct ds_stats *s;

	if (stopped)
		return;
	if (!ds_fcd_ok(fcd))
		return;
	t = ds_task(false);
	if (!t || !t->in_begin || !t->nospace_ts)
		return;
	/* Read/write path going round again: no range was freed for it. */
	s = ds_stats();
	ds_add(s, DS_C_WAIT, 1);
	ds_hist(s, DS_H_WAIT, bpf_ktime_get_ns() - t->nospace_ts);
	t->nospace_ts = 0;
}

static __always_inline void ds_on_alloc_exit(struct fuse_conn_dax *fcd, bool got)
{
	struct ds_task *t;

	if (stopped)
		return;
	if (!ds_fcd_ok(fcd))
		return;
	ds_conn_seen(fcd);
	if (got)
		return;
	t = ds_task(false);
	if (!t || !t->in_begin) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
	} else if (t->begin_flags & DS_IOMAP_FAULT) {
		ds_add(ds_stats(), DS_C_NOSPACE_FAULT, 1);
	} else {
		ds_add(ds_stats(), DS_C_NOSPACE_RW, 1);
		t->nospace_ts = bpf_ktime_get_ns();
	}
}

static __always_inline void ds_on_setup_enter(struct inode *inode)
{
	struct ds_task *t;

	if (stopped)
		return;
	if (!ds_inode_ok(inode))
		return;
	t = ds_task(true);
	if (!t) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
		return;
	}
	t->setup_ts = bpf_ktime_get_ns();
}

static __always_inline void ds_on_setup_exit(struct inode *inode, bool upgrade, int ret)
{
	struct ds_task *t;
	struct ds_stats *s;

	if (!ds_inode_ok(inode))
		return;
	t = ds_task(false);
	s = ds_stats();
	if (!t || !t->setup_ts) {
		ds_add(s, DS_C_DROPPED, 1);
		return;
	}
	ds_hist(s, DS_H_SETUP, bpf_ktime_get_ns() - t->setup_ts);
	t->setup_ts = 0;
	if (ret) {
		ds_add(s, DS_C_SETUP_ERR, 1);
		return;
	}
	ds_add(s, upgrade ? DS_C_SETUP_UPGRADE : DS_C_SETUP_NEW, 1);
	t->setups++;
}

static __always_inline void ds_on_remove_enter(struct inode *inode)
{
	struct ds_task *t;

	if (stopped)
		return;
	if (!ds_inode_ok(inode))
		return;
	t = ds_task(true);
	if (!t) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
		return;
	}
	t->rm_ts = bpf_ktime_get_ns();
}

static __always_inline void ds_on_remove_exit(struct inode *inode, __u32 count, int ret)
{
	struct ds_task *t;
	struct ds_stats *s;
	__u64 now;

	if (!ds_inode_ok(inode))
		return;
	t = ds_task(false);
	s = ds_stats();
	if (!t || !t->rm_ts) {
		ds_add(s, DS_C_DROPPED, 1);
		return;
	}
	now = bpf_ktime_get_ns();
	ds_hist(s, DS_H_REMOVE, now - t->rm_ts);
	t->rm_ts = 0;
	ds_add(s, DS_C_RM_REQ, 1);
	ds_add(s, DS_C_RM_RANGES, count);
	if (ret)
		ds_add(s, DS_C_RM_ERR, 1);
	/* Eviction first: the worker's iput() or memory reclaim inside
	 * iomap_begin can evict an inode, and that is no reclaim. */
	if (t->in_evict) {
		ds_add(s, DS_C_RM_EVICT, count);
	} else if (t->in_worker) {
		ds_add(s, DS_C_RECLAIM_BG, count);
		ds_hist(s, DS_H_RECLAIM_BG, now - t->bg_mark);
		t->bg_mark = now;
	} else if (t->in_begin) {
		ds_add(s, DS_C_RECLAIM_INLINE, count);
		if (t->nospace_ts)
			ds_hist(s, DS_H_RECLAIM_INLINE, now - t->nospace_ts);
		t->nospace_ts = 0;
	} else {
		ds_add(s, DS_C_RM_EVICT, count);
	}
}

static __always_inline void ds_on_freed(struct fuse_conn_dax *fcd)
{
	if (stopped)
		return;
	if (!ds_fcd_ok(fcd))
		return;
	ds_add(ds_stats(), DS_C_FREED, 1);
	ds_conn_seen(fcd);
}

static __always_inline void ds_on_worker_enter(struct fuse_conn_dax *fcd)
{
	struct ds_task *t;

	if (stopped)
		return;
	if (!ds_fcd_ok(fcd))
		return;
	t = ds_task(true);
	if (!t) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
		return;
	}
	t->worker_ts = t->bg_mark = bpf_ktime_get_ns();
	t->in_worker = 1;
}

static __always_inline void ds_on_worker_exit(struct fuse_conn_dax *fcd)
{
	struct ds_task *t;
	struct ds_stats *s;

	if (!ds_fcd_ok(fcd))
		return;
	t = ds_task(false);
	if (!t || !t->in_worker)
		return;
	t->in_worker = 0;
	s = ds_stats();
	ds_add(s, DS_C_BG_RUNS, 1);
	ds_hist(s, DS_H_BG_RUN, bpf_ktime_get_ns() - t->worker_ts);
	ds_conn_seen(fcd);
}

static __always_inline void ds_on_evict(struct inode *inode, bool enter)
{
	struct ds_task *t;

	if (!ds_inode_ok(inode))
		return;
	t = ds_task(enter);
	if (!t)
		return;
	if (enter)
		t->in_evict++;
	else if (t->in_evict)
		t->in_evict--;
}

/* ---- stock module: fentry/fexit ---------------------------------------- */

SEC("fentry/fuse_dax_inode_cleanup")
int BPF_PROG(evict_enter, struct inode *inode)
{
	ds_on_evict(inode, true);
	return 0;
}

SEC("fexit/fuse_dax_inode_cleanup")
int BPF_PROG(evict_exit, struct inode *inode)
{
	ds_on_evict(inode, false);
	return 0;
}

SEC("fentry/fuse_iomap_begin")
int BPF_PROG(iomap_begin_enter, struct inode *inode, loff_t pos, loff_t length,
	     unsigned int flags)
{
	ds_on_iomap_begin(inode, flags);
	return 0;
}

SEC("fexit/fuse_iomap_begin")
int BPF_PROG(iomap_begin_exit, struct inode *inode, loff_t pos, loff_t length,
	     unsigned int flags, struct iomap *iomap, struct iomap *srcmap, int ret)
{
	ds_on_iomap_end(ret, ret ? 0xffff : BPF_CORE_READ(iomap, type));
	return 0;
}

SEC("fentry/alloc_dax_mapping")
int BPF_PROG(alloc_enter, struct fuse_conn_dax *fcd)
{
	ds_on_alloc_enter(fcd);
	return 0;
}

SEC("fexit/alloc_dax_mapping")
int BPF_PROG(alloc_exit, struct fuse_conn_dax *fcd, struct fuse_dax_mapping *ret)
{
	ds_on_alloc_exit(fcd, ret != NULL);
	return 0;
}

SEC("fentry/fuse_setup_one_mapping")
int BPF_PROG(setup_enter, struct inode *inode)
{
	ds_on_setup_enter(inode);
	return 0;
}

SEC("fexit/fuse_setup_one_mapping")
int BPF_PROG(setup_exit, struct inode *inode, unsigned long start_idx,
	     struct fuse_dax_mapping *dmap, bool writable, bool upgrade, int ret)
{
	ds_on_setup_exit(inode, upgrade, ret);
	return 0;
}

SEC("fentry/fuse_send_removemapping")
int BPF_PROG(remove_enter, struct inode *inode)
{
	ds_on_remove_enter(inode);
	return 0;
}

SEC("fexit/fuse_send_removemapping")
int BPF_PROG(remove_exit, struct inode *inode, struct fuse_removemapping_in *inargp,
	     struct fuse_removemapping_one *remove_one, int ret)
{
	ds_on_remove_exit(inode, BPF_CORE_READ(inargp, count), ret);
	return 0;
}

SEC("fexit/dmap_reinit_add_to_free_pool")
int BPF_PROG(reinit_exit, struct fuse_conn_dax *fcd)
{
	ds_on_freed(fcd);
	return 0;
}

static __always_inline struct fuse_conn_dax *work_to_fcd(struct work_struct *work)
{
	/* container_of(work, struct fuse_conn_dax, free_work.work) */
	return (void *)work - bpf_core_field_offset(struct fuse_conn_dax, free_work) -
	       bpf_core_field_offset(struct delayed_work, work);
}

SEC("fentry/fuse_dax_free_mem_worker")
int BPF_PROG(worker_enter, struct work_struct *work)
{
	ds_on_worker_enter(work_to_fcd(work));
	return 0;
}

SEC("fexit/fuse_dax_free_mem_worker")
int BPF_PROG(worker_exit, struct work_struct *work)
{
	ds_on_worker_exit(work_to_fcd(work));
	return 0;
}

/*
 * file_extending_write() is inlined: redo its test here. generic_write_checks
 * (called later) moves ki_pos to i_size for O_APPEND, so append writes extend.
 * Whole writes that cross i_size go to FUSE_WRITE too, not only those past it.
 */
SEC("fentry/fuse_dax_write_iter")
int BPF_PROG(write_enter, struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = iocb->ki_filp->f_inode;
	loff_t isize = inode->i_size, pos = iocb->ki_pos;
	__u64 count = from->count;
	struct ds_task *t;

	if (stopped || !ds_inode_ok(inode))
		return 0;
	t = ds_task(true);
	if (!t) {
		ds_add(ds_stats(), DS_C_DROPPED, 1);
		return 0;
	}
	t->ext = count > 0 && ((iocb->ki_flags & DS_IOCB_APPEND) || pos >= isize ||
			       pos + (loff_t)count > isize);
	return 0;
}

SEC("fexit/fuse_dax_write_iter")
int BPF_PROG(write_exit, struct kiocb *iocb, struct iov_iter *from, long ret)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;

	if (!t || !t->ext)
		return 0;
	t->ext = 0;
	if (ret <= 0)
		return 0;
	s = ds_stats();
	ds_add(s, DS_C_EXT_WRITE, 1);
	ds_add(s, DS_C_EXT_BYTES, ret);
	return 0;
}

SEC("fentry/__fuse_dax_fault")
int BPF_PROG(fault_enter, struct vm_fault *vmf, int pe_size, bool write)
{
	struct ds_stats *s;

	if (stopped || (filter_dev && !ds_inode_ok(vmf->vma->vm_file->f_inode)))
		return 0;
	s = ds_stats();
	ds_add(s, DS_C_FAULT, 1);
	if (write)
		ds_add(s, DS_C_FAULT_WRITE, 1);
	return 0;
}

/* ---- patched module: the fuse_dax tracepoints ------------------------- */
/*
 * kernel/patches 0006 adds trace system fuse_dax. Each handler takes the
 * TP_PROTO arguments as u64 (what both tp_btf and raw_tp pass) and reads
 * through pointers with CO-RE, so the same code serves tp_btf (module BTF
 * present) and raw_tp (module without BTF: only vmlinux types are read).
 */

static __always_inline void tp_iomap(struct inode *inode, __u64 length, int outcome, int ret)
{
	struct ds_stats *s;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	if (outcome == DS_TP_EXTEND) {
		ds_add(s, DS_C_EXT_WRITE, 1);
		ds_add(s, DS_C_EXT_BYTES, length);
		return;
	}
	ds_add(s, DS_C_IOMAP_BEGIN, 1);
	if (ret) {
		ds_add(s, DS_C_IOMAP_ERR, 1);
		return;
	}
	switch (outcome) {
	case DS_TP_HIT:
		ds_add(s, DS_C_HIT, 1);
		/* fall through */
	case DS_TP_NEW:
	case DS_TP_UPGRADE:
		ds_add(s, DS_C_MAPPED, 1);
		break;
	case DS_TP_HOLE:
		ds_add(s, DS_C_HOLE, 1);
		break;
	}
}

static __always_inline void tp_setup(struct inode *inode, bool upgrade, __u64 ns, int ret)
{
	struct ds_stats *s;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	ds_hist(s, DS_H_SETUP, ns);
	if (ret)
		ds_add(s, DS_C_SETUP_ERR, 1);
	else
		ds_add(s, upgrade ? DS_C_SETUP_UPGRADE : DS_C_SETUP_NEW, 1);
}

static __always_inline void tp_remove(struct inode *inode, __u32 ranges, __u64 ns, int ret)
{
	struct ds_stats *s;
	struct ds_task *t;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	ds_hist(s, DS_H_REMOVE, ns);
	ds_add(s, DS_C_RM_REQ, 1);
	ds_add(s, DS_C_RM_RANGES, ranges);
	if (ret)
		ds_add(s, DS_C_RM_ERR, 1);
	if (!tp_have_ctx)
		return;
	/* Reclaims have their own event; evictions are told by context. */
	t = ds_task(false);
	if (t && t->in_evict)
		ds_add(s, DS_C_RM_EVICT, ranges);
}

static __always_inline void tp_reclaim(struct inode *inode, int kind, __u64 ns, int ret)
{
	struct ds_stats *s;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	if (ret) {
		ds_add(s, DS_C_RECLAIM_SKIP, 1);
	} else if (kind == DS_TP_RECLAIM_INLINE) {
		ds_add(s, DS_C_RECLAIM_INLINE, 1);
		ds_hist(s, DS_H_RECLAIM_INLINE, ns);
	} else {
		ds_add(s, DS_C_RECLAIM_BG, 1);
		ds_hist(s, DS_H_RECLAIM_BG, ns);
	}
}

static __always_inline void tp_wait(struct inode *inode, __u64 ns)
{
	struct ds_stats *s;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	ds_add(s, DS_C_WAIT, 1);
	ds_hist(s, DS_H_WAIT, ns);
}

static __always_inline void tp_ranges(__u32 conn, int change, long nr_free, __u64 nr_busy,
				      __u64 nr_total)
{
	struct ds_conn c = {};
	__u64 key = conn;

	if (stopped || (filter_dev && conn != filter_dev))
		return;
	c.nr_free = nr_free;
	c.nr_busy = nr_busy;
	c.nr_ranges = nr_total;
	c.ts_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&conns, &key, &c, BPF_ANY);
	if (change == DS_TP_RANGES_FREE)
		ds_add(ds_stats(), DS_C_FREED, 1);
}

/* Both attach types, one wrapper each; the loader enables one set. */
#define DS_TP_PAIR(event, body, ...)					\
	SEC("tp_btf/" #event)						\
	int BPF_PROG(tpb_##event, __VA_ARGS__) { body; return 0; }	\
	SEC("raw_tp/" #event)						\
	int BPF_PROG(raw_##event, __VA_ARGS__) { body; return 0; }

DS_TP_PAIR(fuse_dax_iomap, tp_iomap(inode, length, outcome, ret),
	   struct inode *inode, loff_t pos, loff_t length, unsigned int flags, int outcome,
	   void *iomap, int ret)
DS_TP_PAIR(fuse_dax_setup_mapping, tp_setup(inode, upgrade, ns, ret),
	   struct inode *inode, loff_t offset, __u64 window, __u64 length, bool writable,
	   bool upgrade, __u64 ns, int ret)
DS_TP_PAIR(fuse_dax_remove_mapping, tp_remove(inode, ranges, ns, ret),
	   struct inode *inode, unsigned int ranges, __u64 bytes, __u64 window, __u64 ns,
	   int ret)
DS_TP_PAIR(fuse_dax_reclaim, tp_reclaim(inode, kind, ns, ret),
	   struct inode *inode, int kind, loff_t offset, __s64 window, __u64 length, __u64 ns,
	   int ret)
DS_TP_PAIR(fuse_dax_wait, tp_wait(inode, ns),
	   struct inode *inode, int kind, __u64 ns, int ret, long nr_free)
DS_TP_PAIR(fuse_dax_ranges, tp_ranges(conn, change, nr_free, nr_busy, nr_total),
	   __u32 conn, int change, long nr_free, unsigned long nr_busy, unsigned long nr_total)
