/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxtop: the layout shared by bpf/daxtop.bpf.c and its loader
 * collectors/daxtop.c. Who holds the DAX window's ranges: per inode and per
 * process, ranges set up, held now, lost to reclaim, removed at eviction,
 * reclaimed inline, waits for a free range.
 */
#ifndef DAXTOP_H
#define DAXTOP_H

#define DT_MAX_INODES 8192
#define DT_MAX_TASKS 4096
#define DT_MAX_RANGES 65536
/* FUSE_REMOVEMAPPING carries at most a page of fuse_removemapping_one. */
#define DT_MAX_REMOVE 256

struct dt_inode_key {
	__u32 dev;		/* kernel dev_t of the superblock */
	__u32 pad;
	__u64 ino;
};

struct dt_inode {
	__s64 held;		/* ranges mapped now (set up while traced) */
	__u64 setups;		/* new ranges set up */
	__u64 upgrades;		/* read-only ranges made writable */
	__u64 lost;		/* ranges taken by reclaim (inline or worker) */
	__u64 evicted;		/* ranges removed when the inode went away */
};

struct dt_task {
	char comm[16];
	__s64 held;		/* ranges it set up that are mapped now */
	__u64 setups;
	__u64 lost;		/* ranges it set up that reclaim took */
	__u64 reclaimed;	/* ranges it reclaimed inline to get one */
	__u64 waits;		/* waits for a free range */
	__u64 wait_ns;
};

/* Who set up a range: the window offset's owner. */
struct dt_range_key {
	__u64 fcd;		/* struct fuse_conn_dax * */
	__u64 offset;		/* window offset */
};

struct dt_owner {
	struct dt_inode_key inode;
	__u32 tgid;
	__u32 pad;
};

#endif /* DAXTOP_H */
