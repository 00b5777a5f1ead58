/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Hyper-V as the L1 kernel sees it, its "hardware": the hypercall input
 * value and result, the status codes, and the input formats of
 * HvCallFlushGuestPhysicalAddressSpace (0x00AF) and
 * HvCallFlushGuestPhysicalAddressList (0x00B0) (Hyper-V Hypervisor
 * Top-Level Functional Specification, "Hypercall Interface" and "Nested
 * Virtualization"), and the L0 that carries them out on the TLB.  The
 * names are those of torvalds/linux arch/x86/include/asm/hyperv-tlfs.h
 * and include/hyperv/hvgdk_mini.h.  No kernel type: the hardware layer.
 */
#ifndef VIRTREF_MMU_HW_HYPERV_H
#define VIRTREF_MMU_HW_HYPERV_H

#include <virtref/api.h>
#include <virtref/linux/bits.h>
#include <virtref/linux/types.h>
#include <virtref/mmu/hw.h>

/* ---- codes, control word, status, input formats ------------------------ */

#define HV_HYP_PAGE_SIZE 4096
#define HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE 0x00af
#define HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST 0x00b0

#define HV_STATUS_SUCCESS 0
#define HV_STATUS_INVALID_HYPERCALL_CODE 2
#define HV_STATUS_INVALID_HYPERCALL_INPUT 3
#define HV_STATUS_INVALID_ALIGNMENT 4
#define HV_STATUS_INVALID_PARAMETER 5
#define HV_STATUS_ACCESS_DENIED 6
#define HV_STATUS_OPERATION_DENIED 8
#define HV_STATUS_INSUFFICIENT_MEMORY 11

/*
 * Control word (input value) of a hypercall:
 *   63:60 rsvd | 59:48 rep start | 47:44 rsvd | 43:32 rep count |
 *   31:27 rsvd | 26:17 var-header QWORDs | 16 fast | 15:0 call code
 * The result has the status in 15:0 and the reps completed in 43:32.
 */
#define HV_HYPERCALL_RESULT_MASK GENMASK_ULL(15, 0)
#define HV_HYPERCALL_FAST_BIT BIT_ULL(16)
#define HV_HYPERCALL_VARHEAD_OFFSET 17
#define HV_HYPERCALL_VARHEAD_MASK GENMASK_ULL(26, 17)
#define HV_HYPERCALL_REP_COMP_OFFSET 32
#define HV_HYPERCALL_REP_COMP_MASK GENMASK_ULL(43, 32)
#define HV_HYPERCALL_REP_START_OFFSET 48
#define HV_HYPERCALL_REP_START_MASK GENMASK_ULL(59, 48)
#define VR_MMU_HV_CONTROL_RSVD_MASK                                                                \
	(GENMASK_ULL(31, 27) | GENMASK_ULL(47, 44) | GENMASK_ULL(63, 60))

/* CPUID 0x4000000A EAX bit 18: the two GPA flush hypercalls exist. */
#define HV_X64_NESTED_GUEST_MAPPING_FLUSH BIT(18)

/*
 * One rep element of HvCallFlushGuestPhysicalAddressList.  KVM only uses
 * the 4 KiB view: additional_pages + 1 pages (1..2048) from basepfn.
 * The fields are bits of the 64-bit value, LSB first as the kernel lays
 * them out on x86.  A big-endian compiler allocates bit-fields from the
 * most significant bit, so there they are declared in reverse: the value
 * of address_space is the same on every host.
 */
union hv_gpa_page_range {
	u64 address_space;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	struct {
		u64 basepfn : 52;
		u64 largepage : 1;
		u64 additional_pages : 11;
	} page;
	struct {
		u64 base_large_pfn : 43;
		u64 reserved1 : 8;
		u64 page_size : 1; /* 0: 2 MiB units, 1: 1 GiB units */
		u64 reserved : 12;
	};
#else
	struct {
		u64 additional_pages : 11;
		u64 largepage : 1;
		u64 basepfn : 52;
	} page;
	struct {
		u64 reserved : 12;
		u64 page_size : 1; /* 0: 2 MiB units, 1: 1 GiB units */
		u64 reserved1 : 8;
		u64 base_large_pfn : 43;
	};
#endif
};

#define HV_GPA_PAGE_RANGE_PAGE_SIZE_2MB 0
#define HV_GPA_PAGE_RANGE_PAGE_SIZE_1GB 1

/* additional_pages is 11 bits: at most 2047 + 1 pages per element. */
#define HV_MAX_FLUSH_PAGES (2048)
/*
 * The elements that fit after the 16-byte header in one page: 510, the
 * kernel's HV_MAX_FLUSH_REP_COUNT (which virtref/mmu/hyperv-tlfs.h reads
 * at run time).
 */
#define VR_MMU_HV_PAGE_REP_COUNT                                                                   \
	((HV_HYP_PAGE_SIZE - 2 * sizeof(u64)) / sizeof(union hv_gpa_page_range))
struct hv_guest_mapping_flush {
	u64 address_space;
	u64 flags;
};

struct hv_guest_mapping_flush_list {
	u64 address_space;
	u64 flags;
	union hv_gpa_page_range gpa_list[VR_MMU_HV_PAGE_REP_COUNT];
};

/* ---- the L0 hypervisor ------------------------------------------------- */

/* One hypercall as L0 received and answered it. */
struct vr_mmu_hv_call {
	u64 control;  /* the input value: code, rep count and start, flags */
	u64 as;	      /* input QWORD 0, the address space; 0 for an unknown code */
	u64 result;   /* what it returned: status in 15:0, reps completed in 43:32 */
	u64 elements; /* list elements this call processed */
};

/* The latest hypercalls L0 keeps (call n in log[n % VR_MMU_HV_L0_LOG]). */
#define VR_MMU_HV_L0_LOG 256

struct vr_mmu_hv_l0 {
	struct vr_mmu_tlb *tlb;
	bool nested_flush; /* HV_X64_NESTED_GUEST_MAPPING_FLUSH offered */
	u32 reps_per_call; /* most reps per call before returning; 0: all */
	u16 fail_status;   /* injected status for the next fail_count calls */
	u32 fail_count;
	u64 calls;		 /* hypercalls issued (each resumption counts) */
	u64 elements;		 /* rep elements processed */
	u64 pages;		 /* 4 KiB pages named by processed elements */
	u64 lists;		 /* list flushes completed: their last rep done */
	u64 list_pages;		 /* 4 KiB pages named by the completed lists */
	u64 run_pages;		 /* of the list in progress, since its rep start 0 */
	struct vr_text *explain; /* narration sink while an op runs */
	struct vr_mmu_hv_call log[VR_MMU_HV_L0_LOG];
};

/**
 * vr_mmu_hv_l0_call() - hypercall @n (from 0) that @l0 received
 * @l0: the hypervisor
 * @n:  below l0->calls, and one of the latest VR_MMU_HV_L0_LOG
 *
 * Return: the record, or NULL when call @n was not made or has been
 * overwritten by later ones.
 */
VR_API const struct vr_mmu_hv_call *vr_mmu_hv_l0_call(const struct vr_mmu_hv_l0 *l0, u64 n);

/**
 * vr_mmu_hv_l0_hypercall() - what L0 does for one hypercall instruction.
 * @l0:      the hypervisor
 * @control: the input value (call code, rep count and start, ...)
 * @input:   the 4 KiB input page (512 little-endian QWORDs)
 *
 * Space flush: removes every cached entry of the address space.  List
 * flush: processes elements from rep start in increasing order, at most
 * @reps_per_call of them, removing every entry of the address space that
 * intersects each element (docs/mmu.md, "Invalidation").
 *
 * Return: the result value: status in 15:0 (HV_STATUS_SUCCESS, or
 * HV_STATUS_INVALID_HYPERCALL_CODE, _INVALID_HYPERCALL_INPUT,
 * _INVALID_ALIGNMENT, _INVALID_PARAMETER, _ACCESS_DENIED or an injected
 * failure status), reps completed in 43:32.
 */
VR_API u64 vr_mmu_hv_l0_hypercall(struct vr_mmu_hv_l0 *l0, u64 control, const u64 *input);

#endif
