// SPDX-License-Identifier: GPL-2.0
/*
 * daxstat: counters and latency histograms for the virtio-fs DAX window
 * (fs/fuse/dax.c). The loader (collectors/daxstat.c) loads only what the
 * chosen cost mode needs, in one of two flavors: fentry/fexit where the
 * fuse module has BTF, kprobe/kretprobe otherwise (or when asked).
 *
 * Slow paths, always (one FUSE round trip or a reclaim each):
 *   fuse_setup_one_mapping  FUSE_SETUPMAPPING; `upgrade` tells an upgrade
 *   fuse_send_removemapping FUSE_REMOVEMAPPING; inargp->count ranges
 *   alloc_dax_mapping       NULL = no free range; the task's next attempt is
 *                           a wait, a removal before it is inline reclaim
 *   dmap_reinit_add_to_free_pool  a range went back to the free list
 *   fuse_dax_free_mem_worker      background reclaim
 *   fuse_dax_inode_cleanup  eviction: its removals are not reclaim
 *   fuse_direct_io          a write on a DAX inode that reaches it extends
 *                           the file (fuse_dax_write_iter sends those as
 *                           FUSE_WRITE)
 * Per DAX access, only when asked:
 *   fuse_iomap_end          --hits: one entry program per call, no state;
 *                           mapped extents (hits = mapped - new - upgrades);
 *                           --record: the extent goes to the ring buffer
 *   fuse_iomap_begin        --latency: entry/exit pair, per-task state
 *   __fuse_dax_fault        --faults
 *   fuse_file_read_iter     --hits, --latency: reads on a DAX mount that did
 *                           not go through DAX (daxstat_devs.bpf.h)
 * Once per mount at start (and per statfs() call):
 *   fuse_statfs             the mount's window, or none
 *
 * Per-task state ties the inner events to their context (a removal inside
 * fuse_dax_inode_cleanup is an eviction, inside the worker background
 * reclaim, else inline reclaim) and carries each function's arguments from
 * its entry to its exit, which is what a kretprobe needs. Counters are
 * atomic adds on a per-CPU array (one lookup).
 *
 * The handlers are the on_*() and tp_*() functions; the programs are thin
 * wrappers, so fentry, kprobe and a patched module's tracepoints (tp_btf or
 * raw_tp) feed the same handlers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fuse_dax.h"
#include "dax_filter.bpf.h"
#include "daxstat.h"

char LICENSE[] SEC("license") = "GPL";

/* Patched module: the fuse_dax tracepoints count; the function programs
 * that are still loaded time iomap_begin and tell a task's context. */
const volatile bool tp_mode = false;
/* Tracepoint mode: the eviction programs are loaded. */
const volatile bool tp_have_ctx = false;
/* Tracepoint mode: extending writes come from the fuse_dax_iomap event
 * (no fuse_direct_io program). */
const volatile bool tp_ext_from_iomap = false;
/* kprobe programs keep per-task state in a hash keyed by thread id (task
 * local storage is the cheaper choice where the program type allows it). */
const volatile bool state_in_hash = false;
/* fuse_iomap_end counts mapped extents and holes; not when fuse_iomap_begin
 * (--latency) does and fuse_iomap_end is loaded only for --record. */
const volatile bool iomap_end_counts = true;

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
	__u64 begin_ts;		/* fuse_iomap_begin entry (--latency) */
	__u64 begin_iomap;	/* ... its struct iomap * */
	__u64 setup_ts;		/* fuse_setup_one_mapping entry; 0: not ours */
	__u64 rm_ts;		/* fuse_send_removemapping entry; 0: not ours */
	__u64 nospace_ts;	/* alloc_dax_mapping gave NULL, until the next
				 * attempt or an inline reclaim */
	__u64 worker_ts;	/* fuse_dax_free_mem_worker entry */
	__u64 bg_mark;		/* worker start or its last reclaimed range */
	__u64 alloc_fcd;	/* alloc_dax_mapping's connection; 0: not ours */
	__u64 reinit_fcd;	/* dmap_reinit_add_to_free_pool's; 0: not ours */
	__u64 worker_fcd;	/* the worker's; 0: not ours */
	__u32 begin_flags;
	__u32 rm_count;		/* ranges in the FUSE_REMOVEMAPPING */
	__u8 setup_upgrade;
	__u8 in_worker;
	__u8 in_evict;		/* inside fuse_dax_inode_cleanup (nesting) */
	__u8 dio_ours;		/* fuse_direct_io write on a traced DAX inode */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ds_task);
} tstate SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);		/* thread id */
	__type(value, struct ds_task);
} tstate_hash SEC(".maps");

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

#include "daxstat_record.bpf.h"
#include "daxstat_devs.bpf.h"

static __always_inline struct ds_task *ds_task(bool create)
{
	if (state_in_hash) {
		__u32 tid = (__u32)bpf_get_current_pid_tgid();
		struct ds_task *t = bpf_map_lookup_elem(&tstate_hash, &tid), zero = {};

		if (t || !create)
			return t;
		bpf_map_update_elem(&tstate_hash, &tid, &zero, BPF_NOEXIST);
		return bpf_map_lookup_elem(&tstate_hash, &tid);
	}
	return bpf_task_storage_get(&tstate, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/* Per-task state for a call that starts now, or NULL (and a dropped
 * event) when there is no memory for it. */
static __always_inline struct ds_task *ds_task_new(void)
{
	struct ds_task *t = ds_task(true);

	if (!t)
		ds_add(ds_stats(), DS_C_DROPPED, 1);
	return t;
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

/* Per-task state for a call on this inode that starts now, or NULL when
 * it is not traced (stopped, another mount, no memory). */
static __always_inline struct ds_task *ds_begin_inode(struct inode *inode)
{
	if (stopped || !ds_inode_ok(inode))
		return NULL;
	return ds_task_new();
}

/* The same for a call that only gets the connection. */
static __always_inline struct ds_task *ds_begin_fcd(struct fuse_conn_dax *fcd)
{
	if (stopped || !ds_fcd_ok(fcd))
		return NULL;
	return ds_task_new();
}

/* ---- handlers: slow paths -------------------------------------------- */

static __always_inline void on_setup_enter(struct inode *inode, bool upgrade)
{
	struct ds_task *t = ds_begin_inode(inode);

	if (!t)
		return;
	t->setup_ts = bpf_ktime_get_ns();
	t->setup_upgrade = upgrade;
}

static __always_inline void on_setup_exit(int ret)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;

	/* Not begun under us (another mount, or begun before attach). */
	if (!t || !t->setup_ts)
		return;
	s = ds_stats();
	ds_hist(s, DS_H_SETUP, bpf_ktime_get_ns() - t->setup_ts);
	t->setup_ts = 0;
	if (ret)
		ds_add(s, DS_C_SETUP_ERR, 1);
	else
		ds_add(s, t->setup_upgrade ? DS_C_SETUP_UPGRADE : DS_C_SETUP_NEW, 1);
}

static __always_inline void on_remove_enter(struct inode *inode, __u32 count)
{
	struct ds_task *t = ds_begin_inode(inode);

	if (!t)
		return;
	t->rm_ts = bpf_ktime_get_ns();
	t->rm_count = count;
}

static __always_inline void on_remove_exit(int ret)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;
	__u32 count;
	__u64 now;

	if (!t || !t->rm_ts)
		return;
	now = bpf_ktime_get_ns();
	s = ds_stats();
	count = t->rm_count;
	ds_hist(s, DS_H_REMOVE, now - t->rm_ts);
	t->rm_ts = 0;
	ds_add(s, DS_C_RM_REQ, 1);
	ds_add(s, DS_C_RM_RANGES, count);
	if (ret)
		ds_add(s, DS_C_RM_ERR, 1);
	/* Eviction first: the worker's iput() or memory reclaim inside
	 * iomap_begin can evict an inode, and that is no reclaim. Removals
	 * are sent only at eviction, by the worker, or inline by a task that
	 * needs a range. */
	if (t->in_evict) {
		ds_add(s, DS_C_RM_EVICT, count);
	} else if (t->in_worker) {
		ds_add(s, DS_C_RECLAIM_BG, count);
		ds_hist(s, DS_H_RECLAIM_BG, now - t->bg_mark);
		t->bg_mark = now;
	} else {
		ds_add(s, DS_C_RECLAIM_INLINE, count);
		if (t->nospace_ts)
			ds_hist(s, DS_H_RECLAIM_INLINE, now - t->nospace_ts);
		t->nospace_ts = 0;
	}
}

static __always_inline void on_alloc_enter(struct fuse_conn_dax *fcd)
{
	struct ds_task *t = ds_begin_fcd(fcd);
	struct ds_stats *s;
	__u64 now;

	if (!t)
		return;
	t->alloc_fcd = (__u64)fcd;
	if (!t->nospace_ts)
		return;
	/* Going round again after finding no free range (a fault after its
	 * -EAGAIN, a read/write that could not reclaim its own): a wait. */
	now = bpf_ktime_get_ns();
	s = ds_stats();
	ds_add(s, DS_C_WAIT, 1);
	ds_hist(s, DS_H_WAIT, now - t->nospace_ts);
	t->nospace_ts = 0;
}

static __always_inline void on_alloc_exit(bool got)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;

	if (!t || !t->alloc_fcd)
		return;
	ds_conn_seen((struct fuse_conn_dax *)t->alloc_fcd);
	t->alloc_fcd = 0;
	if (got)
		return;
	s = ds_stats();
	ds_add(s, DS_C_NOSPACE, 1);
	/* Which path found none is known only inside a timed iomap_begin. */
	if (t->begin_ts)
		ds_add(s, (t->begin_flags & DS_IOMAP_FAULT) ? DS_C_NOSPACE_FAULT : DS_C_NOSPACE_RW, 1);
	t->nospace_ts = bpf_ktime_get_ns();
}

static __always_inline void on_reinit_enter(struct fuse_conn_dax *fcd)
{
	struct ds_task *t = ds_begin_fcd(fcd);

	if (t)
		t->reinit_fcd = (__u64)fcd;
}

static __always_inline void on_reinit_exit(void)
{
	struct ds_task *t = ds_task(false);

	if (!t || !t->reinit_fcd)
		return;
	ds_add(ds_stats(), DS_C_FREED, 1);
	ds_conn_seen((struct fuse_conn_dax *)t->reinit_fcd);
	t->reinit_fcd = 0;
}

static __always_inline void on_worker_enter(struct fuse_conn_dax *fcd)
{
	struct ds_task *t = ds_begin_fcd(fcd);

	if (!t)
		return;
	t->worker_ts = t->bg_mark = bpf_ktime_get_ns();
	t->worker_fcd = (__u64)fcd;
	t->in_worker = 1;
}

static __always_inline void on_worker_exit(void)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;

	if (!t || !t->in_worker)
		return;
	t->in_worker = 0;
	s = ds_stats();
	ds_add(s, DS_C_BG_RUNS, 1);
	ds_hist(s, DS_H_BG_RUN, bpf_ktime_get_ns() - t->worker_ts);
	ds_conn_seen((struct fuse_conn_dax *)t->worker_fcd);
}

/* Context only (no mount filter, no stop): removals nested inside any
 * eviction are evictions. The recording's `e` does filter. */
static __always_inline void on_evict_enter(struct inode *inode)
{
	struct ds_task *t;

	ds_rec_evict(inode);
	t = ds_task_new();

	if (t)
		t->in_evict++;
}

static __always_inline void on_evict_exit(void)
{
	struct ds_task *t = ds_task(false);

	if (t && t->in_evict)
		t->in_evict--;
}

/*
 * fuse_dax_write_iter sends a write that extends the file (file_extending_
 * write(), inlined) through fuse_direct_io as FUSE_WRITE; no other path of
 * a DAX inode reaches fuse_direct_io.
 */
static __always_inline void on_dio_enter(struct fuse_io_priv *io, int flags)
{
	struct inode *inode = BPF_CORE_READ(io, iocb, ki_filp, f_inode);
	struct ds_task *t;

	if (!(flags & DS_DIO_WRITE) || !(BPF_CORE_READ(inode, i_flags) & DS_S_DAX))
		return;
	t = ds_begin_inode(inode);
	if (t)
		t->dio_ours = 1;
}

static __always_inline void on_dio_exit(long ret)
{
	struct ds_task *t = ds_task(false);
	struct ds_stats *s;

	if (!t || !t->dio_ours)
		return;
	t->dio_ours = 0;
	if (ret <= 0)
		return;
	s = ds_stats();
	ds_add(s, DS_C_EXT_WRITE, 1);
	ds_add(s, DS_C_EXT_BYTES, ret);
}

/* ---- handlers: per DAX access (asked for) ----------------------------- */

/* --hits: every fuse_iomap_begin that succeeded has its fuse_iomap_end.
 * The one program that runs per DAX access in that mode: no per-task
 * state, no helper call but the counter's lookup (and with --record the
 * ring buffer's). E: the extent the fentry program read directly; NULL
 * where only CO-RE may read IOMAP (kprobe), which then happens here, past
 * the filter. */
static __always_inline void on_iomap_end(struct inode *inode, __u16 type, __u32 flags,
					 struct iomap *iomap, const struct ds_extent *e)
{
	if (stopped || !ds_inode_ok(inode))
		return;
	if (type == DS_IOMAP_MAPPED) {
		if (iomap_end_counts)
			ds_add(ds_stats(), DS_C_MAPPED, 1);
		if (e)
			ds_rec_extent(inode, e, flags, true);
		else
			ds_rec_extent_core(inode, iomap, flags);
	} else if (type == DS_IOMAP_HOLE && iomap_end_counts) {
		ds_add(ds_stats(), DS_C_HOLE, 1);
	}
}

/* --latency: fuse_iomap_begin timed, and its outcome counted (also the
 * failures that fuse_iomap_end never sees). */
static __always_inline void on_iomap_begin_enter(struct inode *inode, __u32 flags,
						 struct iomap *iomap)
{
	struct ds_task *t = ds_begin_inode(inode);

	if (!t)
		return;
	t->begin_flags = flags;
	t->begin_iomap = (__u64)iomap;
	t->begin_ts = bpf_ktime_get_ns();
}

static __always_inline void on_iomap_begin_exit(int ret)
{
	struct ds_task *t = ds_task(false);
	struct iomap *iomap;
	struct ds_stats *s;
	__u16 type;

	if (!t || !t->begin_ts)
		return;
	s = ds_stats();
	ds_hist(s, DS_H_IOMAP_BEGIN, bpf_ktime_get_ns() - t->begin_ts);
	t->begin_ts = 0;
	if (tp_mode)
		return;
	ds_add(s, DS_C_IOMAP_BEGIN, 1);
	if (ret) {
		ds_add(s, DS_C_IOMAP_ERR, 1);
		return;
	}
	/* Through a local: BPF_CORE_READ of t->... would relocate ds_task. */
	iomap = (struct iomap *)t->begin_iomap;
	type = BPF_CORE_READ(iomap, type);
	if (type == DS_IOMAP_MAPPED)
		ds_add(s, DS_C_MAPPED, 1);
	else if (type == DS_IOMAP_HOLE)
		ds_add(s, DS_C_HOLE, 1);
}

/* --faults */
static __always_inline void on_fault(struct vm_fault *vmf, bool write)
{
	struct ds_stats *s;

	if (stopped || (filter_dev && !ds_inode_ok(BPF_CORE_READ(vmf, vma, vm_file, f_inode))))
		return;
	s = ds_stats();
	ds_add(s, DS_C_FAULT, 1);
	if (write)
		ds_add(s, DS_C_FAULT_WRITE, 1);
}

/* ---- fentry/fexit (f_*) and kprobe/kretprobe (k_*) wrappers ------------ */
/*
 * Named <flavor>_<probe>_enter/_exit: the loader finds them by these names
 * (collectors/daxstat.c, probes[]). Exits take what they need from the
 * per-task state their entry left, so both flavors share the handlers.
 */

SEC("fentry/fuse_setup_one_mapping")
int BPF_PROG(f_setup_enter, struct inode *inode, unsigned long start_idx,
	     struct fuse_dax_mapping *dmap, bool writable, bool upgrade)
{
	on_setup_enter(inode, upgrade);
	return 0;
}

SEC("fexit/fuse_setup_one_mapping")
int BPF_PROG(f_setup_exit, struct inode *inode, unsigned long start_idx,
	     struct fuse_dax_mapping *dmap, bool writable, bool upgrade, int ret)
{
	on_setup_exit(ret);
	return 0;
}

SEC("kprobe/fuse_setup_one_mapping")
int BPF_KPROBE(k_setup_enter, struct inode *inode, unsigned long start_idx,
	       struct fuse_dax_mapping *dmap, bool writable, bool upgrade)
{
	on_setup_enter(inode, upgrade);
	return 0;
}

SEC("kretprobe/fuse_setup_one_mapping")
int BPF_KRETPROBE(k_setup_exit, int ret)
{
	on_setup_exit(ret);
	return 0;
}

SEC("fentry/fuse_send_removemapping")
int BPF_PROG(f_remove_enter, struct inode *inode, struct fuse_removemapping_in *inargp)
{
	on_remove_enter(inode, BPF_CORE_READ(inargp, count));
	return 0;
}

SEC("fexit/fuse_send_removemapping")
int BPF_PROG(f_remove_exit, struct inode *inode, struct fuse_removemapping_in *inargp,
	     struct fuse_removemapping_one *remove_one, int ret)
{
	on_remove_exit(ret);
	return 0;
}

SEC("kprobe/fuse_send_removemapping")
int BPF_KPROBE(k_remove_enter, struct inode *inode, struct fuse_removemapping_in *inargp)
{
	on_remove_enter(inode, BPF_CORE_READ(inargp, count));
	return 0;
}

SEC("kretprobe/fuse_send_removemapping")
int BPF_KRETPROBE(k_remove_exit, int ret)
{
	on_remove_exit(ret);
	return 0;
}

SEC("fentry/alloc_dax_mapping")
int BPF_PROG(f_alloc_enter, struct fuse_conn_dax *fcd)
{
	on_alloc_enter(fcd);
	return 0;
}

SEC("fexit/alloc_dax_mapping")
int BPF_PROG(f_alloc_exit, struct fuse_conn_dax *fcd, struct fuse_dax_mapping *ret)
{
	on_alloc_exit(ret != NULL);
	return 0;
}

SEC("kprobe/alloc_dax_mapping")
int BPF_KPROBE(k_alloc_enter, struct fuse_conn_dax *fcd)
{
	on_alloc_enter(fcd);
	return 0;
}

SEC("kretprobe/alloc_dax_mapping")
int BPF_KRETPROBE(k_alloc_exit, struct fuse_dax_mapping *ret)
{
	on_alloc_exit(ret != NULL);
	return 0;
}

SEC("fentry/dmap_reinit_add_to_free_pool")
int BPF_PROG(f_reinit_enter, struct fuse_conn_dax *fcd)
{
	on_reinit_enter(fcd);
	return 0;
}

SEC("fexit/dmap_reinit_add_to_free_pool")
int BPF_PROG(f_reinit_exit, struct fuse_conn_dax *fcd)
{
	on_reinit_exit();
	return 0;
}

SEC("kprobe/dmap_reinit_add_to_free_pool")
int BPF_KPROBE(k_reinit_enter, struct fuse_conn_dax *fcd)
{
	on_reinit_enter(fcd);
	return 0;
}

SEC("kretprobe/dmap_reinit_add_to_free_pool")
int BPF_KRETPROBE(k_reinit_exit)
{
	on_reinit_exit();
	return 0;
}

SEC("fentry/fuse_dax_free_mem_worker")
int BPF_PROG(f_worker_enter, struct work_struct *work)
{
	on_worker_enter(ds_work_fcd(work));
	return 0;
}

SEC("fexit/fuse_dax_free_mem_worker")
int BPF_PROG(f_worker_exit, struct work_struct *work)
{
	on_worker_exit();
	return 0;
}

SEC("kprobe/fuse_dax_free_mem_worker")
int BPF_KPROBE(k_worker_enter, struct work_struct *work)
{
	on_worker_enter(ds_work_fcd(work));
	return 0;
}

SEC("kretprobe/fuse_dax_free_mem_worker")
int BPF_KRETPROBE(k_worker_exit)
{
	on_worker_exit();
	return 0;
}

SEC("fentry/fuse_dax_inode_cleanup")
int BPF_PROG(f_evict_enter, struct inode *inode)
{
	on_evict_enter(inode);
	return 0;
}

SEC("fexit/fuse_dax_inode_cleanup")
int BPF_PROG(f_evict_exit, struct inode *inode)
{
	on_evict_exit();
	return 0;
}

SEC("kprobe/fuse_dax_inode_cleanup")
int BPF_KPROBE(k_evict_enter, struct inode *inode)
{
	on_evict_enter(inode);
	return 0;
}

SEC("kretprobe/fuse_dax_inode_cleanup")
int BPF_KRETPROBE(k_evict_exit)
{
	on_evict_exit();
	return 0;
}

SEC("fentry/fuse_direct_io")
int BPF_PROG(f_dio_enter, struct fuse_io_priv *io, struct iov_iter *iter, loff_t *ppos,
	     int flags)
{
	on_dio_enter(io, flags);
	return 0;
}

SEC("fexit/fuse_direct_io")
int BPF_PROG(f_dio_exit, struct fuse_io_priv *io, struct iov_iter *iter, loff_t *ppos,
	     int flags, long ret)
{
	on_dio_exit(ret);
	return 0;
}

SEC("kprobe/fuse_direct_io")
int BPF_KPROBE(k_dio_enter, struct fuse_io_priv *io, struct iov_iter *iter, loff_t *ppos,
	       int flags)
{
	on_dio_enter(io, flags);
	return 0;
}

SEC("kretprobe/fuse_direct_io")
int BPF_KRETPROBE(k_dio_exit, long ret)
{
	on_dio_exit(ret);
	return 0;
}

SEC("fentry/fuse_iomap_end")
int BPF_PROG(f_iomap_end_enter, struct inode *inode, loff_t pos, loff_t length,
	     ssize_t written, unsigned int flags, struct iomap *iomap)
{
	/* Direct (BTF) loads, cheaper than bpf_probe_read_kernel. */
	struct ds_extent e = {};

	if (rec_on) {
		e.ino = inode->i_ino;
		e.off = iomap->offset;
		e.len = iomap->length;
	}
	on_iomap_end(inode, iomap->type, flags, iomap, &e);
	return 0;
}

/* BPF_KPROBE takes five arguments; iomap is the sixth (r9 on x86-64). */
SEC("kprobe/fuse_iomap_end")
int k_iomap_end_enter(struct pt_regs *ctx)
{
	struct iomap *iomap = (struct iomap *)ctx->r9;

	on_iomap_end((struct inode *)PT_REGS_PARM1(ctx), BPF_CORE_READ(iomap, type),
		     (__u32)PT_REGS_PARM5(ctx), iomap, NULL);
	return 0;
}

SEC("fentry/fuse_statfs")
int BPF_PROG(f_statfs_enter, struct dentry *dentry, struct kstatfs *buf)
{
	on_statfs(BPF_CORE_READ(dentry, d_sb));
	return 0;
}

SEC("kprobe/fuse_statfs")
int BPF_KPROBE(k_statfs_enter, struct dentry *dentry)
{
	on_statfs(BPF_CORE_READ(dentry, d_sb));
	return 0;
}

SEC("fentry/fuse_file_read_iter")
int BPF_PROG(f_read_iter_enter, struct kiocb *iocb, struct iov_iter *to)
{
	/* Direct (BTF) loads: this runs on every FUSE read. */
	struct inode *inode = iocb->ki_filp->f_inode;

	on_read_iter(inode, inode->i_flags);
	return 0;
}

SEC("kprobe/fuse_file_read_iter")
int BPF_KPROBE(k_read_iter_enter, struct kiocb *iocb)
{
	struct inode *inode = BPF_CORE_READ(iocb, ki_filp, f_inode);

	on_read_iter(inode, BPF_CORE_READ(inode, i_flags));
	return 0;
}

SEC("fentry/fuse_iomap_begin")
int BPF_PROG(f_iomap_begin_enter, struct inode *inode, loff_t pos, loff_t length,
	     unsigned int flags, struct iomap *iomap)
{
	on_iomap_begin_enter(inode, flags, iomap);
	return 0;
}

SEC("fexit/fuse_iomap_begin")
int BPF_PROG(f_iomap_begin_exit, struct inode *inode, loff_t pos, loff_t length,
	     unsigned int flags, struct iomap *iomap, struct iomap *srcmap, int ret)
{
	on_iomap_begin_exit(ret);
	return 0;
}

SEC("kprobe/fuse_iomap_begin")
int BPF_KPROBE(k_iomap_begin_enter, struct inode *inode, loff_t pos, loff_t length,
	       unsigned int flags, struct iomap *iomap)
{
	on_iomap_begin_enter(inode, flags, iomap);
	return 0;
}

SEC("kretprobe/fuse_iomap_begin")
int BPF_KRETPROBE(k_iomap_begin_exit, int ret)
{
	on_iomap_begin_exit(ret);
	return 0;
}

SEC("fentry/__fuse_dax_fault")
int BPF_PROG(f_fault_enter, struct vm_fault *vmf, int pe_size, bool write)
{
	on_fault(vmf, write);
	return 0;
}

SEC("kprobe/__fuse_dax_fault")
int BPF_KPROBE(k_fault_enter, struct vm_fault *vmf, int pe_size, bool write)
{
	on_fault(vmf, write);
	return 0;
}

/* ---- patched module: the fuse_dax tracepoints ------------------------- */
/*
 * kernel/patches 0006 adds trace system fuse_dax. Each handler takes the
 * TP_PROTO arguments as u64 (what both tp_btf and raw_tp pass) and reads
 * through pointers with CO-RE, so the same code serves tp_btf (module BTF
 * present) and raw_tp (module without BTF: only vmlinux types are read).
 */

/* --record takes the extent from this event too, rather than from a second
 * program on fuse_iomap_end: the event fires once per fuse_iomap_begin with
 * the filled iomap, and struct iomap is a vmlinux type (raw_tp too). */
static __always_inline void tp_iomap(struct inode *inode, __u64 length, __u32 flags,
				     int outcome, void *iomap, int ret)
{
	struct ds_stats *s;

	if (stopped || !ds_inode_ok(inode))
		return;
	s = ds_stats();
	if (outcome == DS_TP_EXTEND) {
		if (!tp_ext_from_iomap)
			return;
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
		ds_rec_extent_core(inode, iomap, flags);
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

DS_TP_PAIR(fuse_dax_iomap, tp_iomap(inode, length, flags, outcome, iomap, ret),
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
