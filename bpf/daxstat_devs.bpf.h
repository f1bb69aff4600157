/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat: per mount that asked for DAX (struct ds_dev in daxstat.h), for
 * the silent fallback. virtio-fs refuses dax=always without a window, but
 * dax=inode mounts anyway and then maps nothing (fuse_should_enable_dax():
 * fc->dax NULL), and a window does not help an inode the server did not
 * mark FUSE_ATTR_DAX: reads then go through FUSE requests and no counter
 * of the window moves. Included by daxstat.bpf.c after dax_filter.bpf.h.
 *
 *   fuse_statfs          the mount's window (0: none); the loader calls
 *                        statfs() on each traced mount once attached, so
 *                        this runs then and on other statfs() calls only
 *   fuse_file_read_iter  with --hits/--latency/--estimate: reads of inodes
 *                        without S_DAX (runs on every FUSE read, DAX or not)
 */
#ifndef DAXSCOPE_DAXSTAT_DEVS_BPF_H
#define DAXSCOPE_DAXSTAT_DEVS_BPF_H

/* Only the loader adds keys: the traced mounts that asked for DAX; every
 * other FUSE superblock misses the lookup and costs nothing more. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DS_MAX_DEVS);
	__type(key, __u32);		/* kernel dev_t of the superblock */
	__type(value, struct ds_dev);
} devs SEC(".maps");

static __always_inline void on_statfs(struct super_block *sb)
{
	__u32 dev = BPF_CORE_READ(sb, s_dev);
	struct fuse_conn_dax *fcd;
	struct fuse_mount *fm;
	struct ds_dev *d;

	if (stopped || !(d = bpf_map_lookup_elem(&devs, &dev)))
		return;
	fm = BPF_CORE_READ(sb, s_fs_info);
	fcd = BPF_CORE_READ(fm, fc, dax);
	d->window_ranges = fcd ? BPF_CORE_READ(fcd, nr_ranges) : 0;
	d->window_known = 1;
}

/* i_flags first: a DAX read (the hot path) returns after it, with no map
 * lookup. */
static __always_inline void on_read_iter(struct inode *inode, __u32 i_flags)
{
	struct ds_dev *d;
	__u32 dev;

	if (stopped || (i_flags & DS_S_DAX))
		return;
	dev = BPF_CORE_READ(inode, i_sb, s_dev);
	d = bpf_map_lookup_elem(&devs, &dev);
	if (d)
		__sync_fetch_and_add(&d->nondax_reads, 1);
}

#endif
