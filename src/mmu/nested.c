/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Hyper-V nested virtualization: the GPA flush hypercalls as the L1 kernel
 * issues them (torvalds/linux arch/x86/hyperv/nested.c).  Kernel-named
 * functions only; the seed V3 fill with an offset is in profile.c.
 */

#include <virtref/linux/errno.h>
#include <virtref/linux/types.h>
#include <virtref/mmu/hyperv-tlfs.h>
#include <virtref/mmu/mshyperv.h>

int hyperv_flush_guest_mapping(u64 as)
{
	struct hv_guest_mapping_flush *flush;
	u64 status;

	if (!hv_hypercall_pg)
		return -ENOTSUPP;
	flush = *(void **)this_cpu_ptr(hyperv_pcpu_input_arg);
	if (!flush)
		return -ENOTSUPP;
	flush->address_space = as;
	flush->flags = 0;
	status = hv_do_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE, flush, NULL);
	/* Any hypervisor failure is reported as -ENOTSUPP: the status is lost. */
	if (hv_result_success(status))
		return 0;
	return -ENOTSUPP;
}

int hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush, u64 start_gfn,
					 u64 pages)
{
	/* The fill loop is shared with the V3 form, which adds an offset. */
	return vr_v3_hyperv_fill_flush_guest_mapping_list(flush, 0, start_gfn, pages);
}

int hyperv_flush_guest_mapping_range(u64 as, hyperv_fill_flush_list_func fill, void *data)
{
	struct hv_guest_mapping_flush_list *flush;
	u64 status;
	int gpa_n;

	if (!hv_hypercall_pg || !fill)
		return -ENOTSUPP;
	flush = *(void **)this_cpu_ptr(hyperv_pcpu_input_arg);
	if (!flush)
		return -ENOTSUPP;
	flush->address_space = as;
	flush->flags = 0;
	gpa_n = fill(flush, data);
	/* The fill's -ENOSPC is not passed on: the caller falls back. */
	if (gpa_n < 0)
		return -ENOTSUPP;
	status = hv_do_rep_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST, (u16)gpa_n, 0, flush,
				     NULL);
	if (hv_result_success(status))
		return 0;
	return hv_result(status);
}
