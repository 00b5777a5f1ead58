// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A stand-in for a kernel tree's arch/x86/hyperv/nested.c, written for the
 * port tests in kernel style with kernel include paths: the GPA flush
 * hypercalls of the Hyper-V TLFS ("Nested Virtualization",
 * HvCallFlushGuestPhysicalAddressSpace and ...AddressList).
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <asm/hyperv-tlfs.h>
#include <asm/mshyperv.h>
#include <asm/trace/hyperv.h>

int hyperv_flush_guest_mapping(u64 as)
{
	struct hv_guest_mapping_flush *flush;
	u64 status;

	if (unlikely(!hv_hypercall_pg))
		return -ENOTSUPP;
	flush = *(void **)this_cpu_ptr(hyperv_pcpu_input_arg);
	if (unlikely(!flush))
		return -ENOTSUPP;
	flush->address_space = as;
	flush->flags = 0;
	status = hv_do_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE, flush, NULL);
	trace_hyperv_nested_flush_guest_mapping(as, hv_result(status));
	return hv_result_success(status) ? 0 : -ENOTSUPP;
}

int hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush, u64 start_gfn,
					 u64 pages)
{
	/*
	 * The model's fill: it keeps the per-CPU input bookkeeping behind the
	 * legacy_rep_count config, which a kernel's own loop cannot see.
	 */
	return vr_v3_hyperv_fill_flush_guest_mapping_list(flush, 0, start_gfn, pages);
}

int hyperv_flush_guest_mapping_range(u64 as, hyperv_fill_flush_list_func fill, void *data)
{
	struct hv_guest_mapping_flush_list *flush;
	u64 status;
	int gpa_n;

	if (unlikely(!hv_hypercall_pg || !fill))
		return -ENOTSUPP;
	flush = *(void **)this_cpu_ptr(hyperv_pcpu_input_arg);
	if (unlikely(!flush))
		return -ENOTSUPP;
	flush->address_space = as;
	flush->flags = 0;
	gpa_n = fill(flush, data);
	if (gpa_n < 0)
		return -ENOTSUPP;
	status = hv_do_rep_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST, (u16)gpa_n, 0, flush,
				     NULL);
	trace_hyperv_nested_flush_guest_mapping_range(as, hv_result(status));
	return hv_result_success(status) ? 0 : hv_result(status);
}
