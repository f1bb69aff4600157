/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few fuse module types the DAX programs read, declared by hand with
 * preserve_access_index: libbpf relocates every access against the fuse
 * module's own BTF at load time, so only the names of the types and fields
 * below must exist there, not this layout. vmlinux.h has no fuse types
 * (fuse is a module), so nothing here clashes with it.
 */
#ifndef DAXSCOPE_FUSE_DAX_H
#define DAXSCOPE_FUSE_DAX_H

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct fuse_conn_dax {
	unsigned long nr_busy_ranges;
	struct delayed_work free_work;
	long nr_free_ranges;
	unsigned long nr_ranges;
};

struct fuse_conn {
	struct fuse_conn_dax *dax;
};

struct fuse_mount {
	struct fuse_conn *fc;
	struct super_block *sb;
};

struct fuse_inode_dax {
	unsigned long nr;
};

struct fuse_inode {
	struct inode inode;
	struct fuse_inode_dax *dax;
};

struct fuse_dax_mapping {
	struct inode *inode;
	__u64 window_offset;
	loff_t length;
	bool writable;
};

struct fuse_removemapping_in {
	__u32 count;
};

struct fuse_io_priv {
	struct kiocb *iocb;
};

struct fuse_removemapping_one {
	__u64 moffset;
	__u64 len;
};

#pragma clang attribute pop

/* Flags and values that are #defines in the kernel, so not in BTF (6.1). */
#define DS_IOMAP_HOLE	0
#define DS_IOMAP_MAPPED	2
#define DS_IOMAP_WRITE	(1U << 0)
#define DS_IOMAP_FAULT	(1U << 3)
#define DS_IOCB_APPEND	0x10	/* RWF_APPEND */
#define DS_EAGAIN	11
#define DS_S_DAX	(1U << 13)	/* inode->i_flags: a DAX inode */
#define DS_DIO_WRITE	(1 << 0)	/* fuse_direct_io(): FUSE_DIO_WRITE */

#endif
