# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# A port: one KERNEL file of one model replaced by a file from a kernel
# tree (docs/porting.md, scripts/virtref-port).
#
#   -DVR_PORT_MODEL=mmu -DVR_PORT_SOURCE=/path/nested.c [-DVR_PORT_REPLACES=nested.c]
#
# The model's library, and so every test program linked against it, is
# built with VR_PORT_SOURCE in place of the KERNEL file VR_PORT_REPLACES
# (default: the same basename), compiled with include/ alone.
set(VR_PORT_MODEL "" CACHE STRING "Model whose kernel file a port replaces (docs/porting.md)")
set(VR_PORT_SOURCE "" CACHE FILEPATH "The file built in place of a kernel file of VR_PORT_MODEL")
set(VR_PORT_REPLACES "" CACHE STRING "Basename of the KERNEL file replaced (default: VR_PORT_SOURCE's)")
set(VR_PORT_LINUX_VERSION "" CACHE STRING "X.Y of the kernel VR_PORT_SOURCE comes from (default: mainline)")
if(VR_PORT_LINUX_VERSION AND NOT VR_PORT_LINUX_VERSION MATCHES "^[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "VR_PORT_LINUX_VERSION: '${VR_PORT_LINUX_VERSION}' is not X.Y")
endif()

if(VR_PORT_MODEL AND NOT VR_PORT_SOURCE)
  message(FATAL_ERROR "VR_PORT_MODEL=${VR_PORT_MODEL} needs VR_PORT_SOURCE")
endif()
if(VR_PORT_MODEL AND NOT VR_PORT_MODEL IN_LIST VR_MODELS)
  message(FATAL_ERROR "VR_PORT_MODEL: '${VR_PORT_MODEL}' is not built (VR_MODELS: ${VR_MODELS})")
endif()

# Sets @out to the KERNEL file of @model a port leaves out and @in to the
# file it compiles instead; both empty when no port is configured for it.
function(vr_port_swap model kernel out in)
  set(${out} "" PARENT_SCOPE)
  set(${in} "" PARENT_SCOPE)
  if(NOT VR_PORT_MODEL STREQUAL model)
    return()
  endif()
  if(NOT EXISTS "${VR_PORT_SOURCE}" OR IS_DIRECTORY "${VR_PORT_SOURCE}")
    message(FATAL_ERROR "VR_PORT_SOURCE: cannot read '${VR_PORT_SOURCE}'")
  endif()
  set(name "${VR_PORT_REPLACES}")
  if(NOT name)
    get_filename_component(name "${VR_PORT_SOURCE}" NAME)
  endif()
  if(NOT name IN_LIST kernel)
    string(REPLACE ";" " " k "${kernel}")
    message(FATAL_ERROR "VR_PORT_REPLACES: '${name}' is no KERNEL file of ${model} (${k})")
  endif()
  message(STATUS "virtref port: ${model}'s ${name} is ${VR_PORT_SOURCE}")
  set(${out} ${name} PARENT_SCOPE)
  set(${in} ${VR_PORT_SOURCE} PARENT_SCOPE)
endfunction()

# Sets @out to the source a model's KERNEL file @file (a basename) is
# built from: the port's file when a port replaces it, else the model's
# own in the calling directory.  For the per-file properties a model sets
# on its generation files (src/ap, src/iommu).
function(vr_port_source model file out)
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/${file})
  if(VR_PORT_MODEL STREQUAL model AND VR_PORT_SOURCE)
    get_filename_component(replaced "${VR_PORT_SOURCE}" NAME)
    if(VR_PORT_REPLACES)
      set(replaced ${VR_PORT_REPLACES})
    endif()
    if(replaced STREQUAL file)
      set(src ${VR_PORT_SOURCE})
    endif()
  endif()
  set(${out} ${src} PARENT_SCOPE)
endfunction()

# Gives the definition of the kernel name @from in @model's KERNEL file
# @file, or in the port that takes its place, the name @to.  Files that are
# kernel generations of one kernel file define the same kernel names; each
# generation's get names of their own, and a profile picks one
# (src/arm/CMakeLists.txt, src/mmu/CMakeLists.txt).
function(vr_kernel_rename model file from to)
  vr_port_source(${model} ${file} src)
  set_property(SOURCE ${src} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    APPEND PROPERTY COMPILE_DEFINITIONS ${from}=${to})
endfunction()
