/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the DAX tools' BPF programs share: the mount filter and log2
 * buckets. Include after vmlinux.h, the libbpf headers and fuse_dax.h.
 *
 * The mount filter has two keys. Functions that get an inode compare its
 * superblock's device number with filter_dev (set by the loader from the
 * mount point); functions that only get the connection (alloc_dax_mapping,
 * the free-range worker) compare it with filter_fcd, learned from the
 * first inode of that mount seen by any program.
 */
#ifndef DAXSCOPE_DAX_FILTER_BPF_H
#define DAXSCOPE_DAX_FILTER_BPF_H

/* Kernel dev_t (MAJOR << 20 | MINOR) of the one mount to trace; 0 = all. */
const volatile __u32 filter_dev = 0;
/* That mount's struct fuse_conn_dax *, once seen. */
__u64 filter_fcd = 0;
/* Set by the loader before it detaches: nothing new starts, but what began
 * before (an entry with its per-task state) is still finished and counted. */
__u32 stopped = 0;

static __always_inline struct fuse_conn_dax *ds_inode_fcd(struct inode *inode)
{
	struct fuse_mount *fm = BPF_CORE_READ(inode, i_sb, s_fs_info);

	return BPF_CORE_READ(fm, fc, dax);
}

/* Is the inode on the traced mount? Learns that mount's connection. */
static __always_inline bool ds_inode_ok(struct inode *inode)
{
	if (!filter_dev)
		return true;
	if (BPF_CORE_READ(inode, i_sb, s_dev) != filter_dev)
		return false;
	if (!filter_fcd)
		filter_fcd = (__u64)ds_inode_fcd(inode);
	return true;
}

static __always_inline bool ds_fcd_ok(struct fuse_conn_dax *fcd)
{
	return !filter_dev || (__u64)fcd == filter_fcd;
}

static __always_inline struct fuse_conn_dax *ds_work_fcd(struct work_struct *work)
{
	/* container_of(work, struct fuse_conn_dax, free_work.work) */
	return (void *)work - bpf_core_field_offset(struct fuse_conn_dax, free_work) -
	       bpf_core_field_offset(struct delayed_work, work);
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

#endif
