/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/kvm/trace.h at v6.6 (torvalds/linux)
 *   trace_kvm_page_fault (without the guest RIP, which the model has not)
 * The event the VM exit of an EPT violation fires (vmx.c), narrating into
 * `virtref replay --explain` (virtref/linux/tracepoint.h).
 */
#ifndef VIRTREF_MMU_TRACE_H
#define VIRTREF_MMU_TRACE_H

#include <virtref/linux/tracepoint.h>
#include <virtref/mmu/kvm_host.h>

TRACE_EVENT(kvm_page_fault, TP_PROTO(struct kvm_vcpu *vcpu, u64 fault_address, u64 error_code),
	    TP_ARGS(vcpu, fault_address, error_code),
	    TP_STRUCT__entry(__field(unsigned int, vcpu_id) __field(u64, fault_address)
				     __field(u64, error_code)),
	    TP_fast_assign(__entry->vcpu_id = (unsigned int)vcpu->vcpu_id;
			   __entry->fault_address = fault_address;
			   __entry->error_code = error_code;),
	    TP_printk("vcpu %u address 0x%016llx error_code 0x%llx", __entry->vcpu_id,
		      (unsigned long long)__entry->fault_address,
		      (unsigned long long)__entry->error_code));

#endif
