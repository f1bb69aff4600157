// SPDX-License-Identifier: GPL-2.0
/*
 * daxtop: who holds the virtio-fs DAX window's ranges (fs/fuse/dax.c), per
 * inode and per process. Slow paths only, fentry/fexit:
 *
 *   fuse_setup_one_mapping  a new range for an inode, set up by a task: the
 *                           range's owner is remembered by window offset
 *   fuse_send_removemapping ranges removed from an inode: at eviction
 *                           (inside fuse_dax_inode_cleanup), else lost to
 *                           reclaim: by the worker, or inline by the task
 *                           that needed a range
 *   alloc_dax_mapping       no free range: the task's next attempt is a wait
 *   fuse_dax_inode_cleanup, fuse_dax_free_mem_worker   context only
 *
 * Ranges set up before daxtop started have no owner: they count as lost or
 * evicted for their inode, but in no task's and no inode's "held".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fuse_dax.h"
#include "dax_filter.bpf.h"
#include "daxtop.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DT_MAX_INODES);
	__type(key, struct dt_inode_key);
	__type(value, struct dt_inode);
} inodes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DT_MAX_TASKS);
	__type(key, __u32);		/* tgid */
	__type(value, struct dt_task);
} tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DT_MAX_RANGES);
	__type(key, struct dt_range_key);
	__type(value, struct dt_owner);
} ranges SEC(".maps");

/* Per-task context: which function the task is inside, a failed allocation. */
struct dt_ctx {
	__u64 nospace_ts;
	__u8 in_evict;
	__u8 in_worker;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct dt_ctx);
} ctxs SEC(".maps");

/* Events lost for want of map space. */
__u64 dropped = 0;

static __always_inline struct dt_ctx *dt_ctx(bool create)
{
	return bpf_task_storage_get(&ctxs, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __always_inline void dt_inode_key(struct inode *inode, struct dt_inode_key *k)
{
	k->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	k->pad = 0;
	k->ino = BPF_CORE_READ(inode, i_ino);
}

static __always_inline struct dt_inode *dt_inode(struct dt_inode_key *k)
{
	struct dt_inode *v = bpf_map_lookup_elem(&inodes, k), zero = {};

	if (v)
		return v;
	bpf_map_update_elem(&inodes, k, &zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&inodes, k);
	if (!v)
		__sync_fetch_and_add(&dropped, 1);
	return v;
}

static __always_inline struct dt_task *dt_task(__u32 tgid, bool create)
{
	struct dt_task *v = bpf_map_lookup_elem(&tasks, &tgid), zero = {};

	if (v || !create)
		return v;
	bpf_get_current_comm(zero.comm, sizeof(zero.comm));
	bpf_map_update_elem(&tasks, &tgid, &zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&tasks, &tgid);
	if (!v)
		__sync_fetch_and_add(&dropped, 1);
	return v;
}

static __always_inline __u32 dt_tgid(void)
{
	return bpf_get_current_pid_tgid() >> 32;
}

SEC("fexit/fuse_setup_one_mapping")
int BPF_PROG(f_setup_exit, struct inode *inode, unsigned long start_idx,
	     struct fuse_dax_mapping *dmap, bool writable, bool upgrade, int ret)
{
	struct dt_range_key rk = {};
	struct dt_owner owner = {};
	struct dt_inode *ie;
	struct dt_task *te;

	if (stopped || ret || !ds_inode_ok(inode))
		return 0;
	dt_inode_key(inode, &owner.inode);
	ie = dt_inode(&owner.inode);
	if (!ie)
		return 0;
	if (upgrade) {
		__sync_fetch_and_add(&ie->upgrades, 1);
		return 0;
	}
	__sync_fetch_and_add(&ie->setups, 1);
	__sync_fetch_and_add(&ie->held, 1);
	owner.tgid = dt_tgid();
	te = dt_task(owner.tgid, true);
	if (te) {
		__sync_fetch_and_add(&te->setups, 1);
		__sync_fetch_and_add(&te->held, 1);
	}
	rk.fcd = (__u64)ds_inode_fcd(inode);
	rk.offset = BPF_CORE_READ(dmap, window_offset);
	if (bpf_map_update_elem(&ranges, &rk, &owner, BPF_ANY))
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

SEC("fexit/fuse_send_removemapping")
int BPF_PROG(f_remove_exit, struct inode *inode, struct fuse_removemapping_in *inargp,
	     struct fuse_removemapping_one *remove_one, int ret)
{
	struct dt_ctx *c = dt_ctx(false);
	bool evict = c && c->in_evict, worker = c && c->in_worker;
	struct dt_inode_key key;
	struct dt_range_key rk;
	struct dt_inode *ie, *oi;
	struct dt_task *te;
	__u32 count, i;

	if (stopped || !ds_inode_ok(inode))
		return 0;
	count = BPF_CORE_READ(inargp, count);
	dt_inode_key(inode, &key);
	ie = dt_inode(&key);
	if (!ie)
		return 0;
	__sync_fetch_and_add(evict ? &ie->evicted : &ie->lost, count);
	if (!evict && !worker) {
		/* Inline reclaim by the task that needed a range: not a wait. */
		te = dt_task(dt_tgid(), true);
		if (te)
			__sync_fetch_and_add(&te->reclaimed, count);
		if (c)
			c->nospace_ts = 0;
	}
	/* Give each range back to whoever set it up. */
	rk.fcd = (__u64)ds_inode_fcd(inode);
	for (i = 0; i < DT_MAX_REMOVE && i < count; i++) {
		struct fuse_removemapping_one one;
		struct dt_owner *o;

		if (bpf_probe_read_kernel(&one, sizeof(one), &remove_one[i]))
			break;
		rk.offset = one.moffset;
		o = bpf_map_lookup_elem(&ranges, &rk);
		if (!o)
			continue;
		oi = bpf_map_lookup_elem(&inodes, &o->inode);
		if (oi)
			__sync_fetch_and_add(&oi->held, -1);
		te = dt_task(o->tgid, false);
		if (te) {
			__sync_fetch_and_add(&te->held, -1);
			if (!evict)
				__sync_fetch_and_add(&te->lost, 1);
		}
		bpf_map_delete_elem(&ranges, &rk);
	}
	return 0;
}

SEC("fentry/alloc_dax_mapping")
int BPF_PROG(f_alloc_enter, struct fuse_conn_dax *fcd)
{
	struct dt_ctx *c;
	struct dt_task *te;

	if (stopped || !ds_fcd_ok(fcd))
		return 0;
	c = dt_ctx(false);
	if (!c || !c->nospace_ts)
		return 0;
	/* Going round again after finding no free range: a wait. */
	te = dt_task(dt_tgid(), true);
	if (te) {
		__sync_fetch_and_add(&te->waits, 1);
		__sync_fetch_and_add(&te->wait_ns, bpf_ktime_get_ns() - c->nospace_ts);
	}
	c->nospace_ts = 0;
	return 0;
}

SEC("fexit/alloc_dax_mapping")
int BPF_PROG(f_alloc_exit, struct fuse_conn_dax *fcd, struct fuse_dax_mapping *ret)
{
	struct dt_ctx *c;

	if (ret || stopped || !ds_fcd_ok(fcd))
		return 0;
	c = dt_ctx(true);
	if (c)
		c->nospace_ts = bpf_ktime_get_ns();
	else
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

SEC("fentry/fuse_dax_inode_cleanup")
int BPF_PROG(f_evict_enter, struct inode *inode)
{
	struct dt_ctx *c = dt_ctx(true);

	if (c)
		c->in_evict++;
	return 0;
}

SEC("fexit/fuse_dax_inode_cleanup")
int BPF_PROG(f_evict_exit, struct inode *inode)
{
	struct dt_ctx *c = dt_ctx(false);

	if (c && c->in_evict)
		c->in_evict--;
	return 0;
}

SEC("fentry/fuse_dax_free_mem_worker")
int BPF_PROG(f_worker_enter, struct work_struct *work)
{
	struct dt_ctx *c = dt_ctx(true);

	if (c)
		c->in_worker = 1;
	return 0;
}

SEC("fexit/fuse_dax_free_mem_worker")
int BPF_PROG(f_worker_exit, struct work_struct *work)
{
	struct dt_ctx *c = dt_ctx(false);

	if (c)
		c->in_worker = 0;
	return 0;
}
