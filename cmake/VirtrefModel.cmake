# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# vr_model(NAME <name>
#          HARDWARE <files...>   the architecture: registers, tables, instructions
#          KERNEL <files...>     one file per mirrored kernel file, same basename
#          SOURCES <files...>    profile.c, the instance, invariants.c, model.c, show.c
#          [REPLACEABLE <files...>]  KERNEL files a kernel tree's copy may replace
#          [GENERATED <file> GENERATIONS <names...>])
#
# GENERATED names a KERNEL file compiled once per generation: for each
# name g, a unit <stem>_g.c including it, with the compile definitions of
# the caller's variable VR_GEN_DEFS_g (which kernel state it compiles,
# and its kernel names given the generation's own).  A port of the file
# is compiled as every generation.
# Called from src/<name>/CMakeLists.txt (docs/adding-a-model.md).  Builds
# the model's objects, registers its descriptor `const struct vr_model
# vr_model_<name>` so that replay, fuzzing and the CLI find it, and gives
# it a static archive of its own, libvirtref-<name>.a, beside the combined
# libraries.  The layer lists feed the `layers.<name>` test: no hardware
# file includes a kernel-layer header or calls a kernel-layer function.
# REPLACEABLE kernel files are compiled with include/ alone, never src/,
# so that a kernel developer's own copy can take their place
# (cmake/VirtrefPort.cmake, docs/porting.md); `replace.<name>.<file>`
# proves it per file.
# Its Check suites are the files tests/<name>/check_*.c; each defines
# `const struct vr_suite vr_suite_<file stem without check_>`.
function(vr_model)
  cmake_parse_arguments(M "" "NAME;GENERATED" "HARDWARE;KERNEL;SOURCES;REPLACEABLE;GENERATIONS"
    ${ARGN})
  if(NOT M_NAME)
    message(FATAL_ERROR "vr_model: NAME is required")
  endif()
  foreach(f IN LISTS M_REPLACEABLE)
    if(NOT f IN_LIST M_KERNEL)
      message(FATAL_ERROR "vr_model(${M_NAME}): REPLACEABLE ${f} is not a KERNEL file")
    endif()
  endforeach()
  set(all ${M_HARDWARE} ${M_KERNEL} ${M_SOURCES})
  # A port (cmake/VirtrefPort.cmake) swaps one kernel file for the caller's.
  vr_port_swap(${M_NAME} "${M_KERNEL}" port_out port_in)
  list(REMOVE_ITEM all ${port_out})
  set(members ${M_REPLACEABLE})
  set(gen_units "")
  if(M_GENERATED)
    set(gen_src ${CMAKE_CURRENT_SOURCE_DIR}/${M_GENERATED})
    if(port_out STREQUAL M_GENERATED)
      set(gen_src ${port_in})
    endif()
    list(REMOVE_ITEM all ${M_GENERATED})
    list(REMOVE_ITEM members ${M_GENERATED})
    get_filename_component(stem ${M_GENERATED} NAME_WE)
    foreach(g IN LISTS M_GENERATIONS)
      set(unit ${CMAKE_CURRENT_BINARY_DIR}/${stem}_${g}.c)
      file(CONFIGURE OUTPUT ${unit} CONTENT "#include \"${gen_src}\"\n")
      set_property(SOURCE ${unit} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
        APPEND PROPERTY COMPILE_DEFINITIONS ${VR_GEN_DEFS_${g}})
      list(APPEND gen_units ${unit})
      if(M_GENERATED IN_LIST M_REPLACEABLE OR gen_src STREQUAL port_in)
        list(APPEND members ${stem}_${g}.c)
      endif()
    endforeach()
    set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_UNITS_${M_GENERATED} ${gen_units})
    if(gen_src STREQUAL port_in)
      set(port_in ${gen_units})
      set(gen_units "")
    endif()
  endif()
  list(TRANSFORM all PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/")
  add_library(virtref_${M_NAME}_objs OBJECT ${all} ${port_in} ${gen_units})
  # Replaceable kernel files and a port see include/ only; the rest src/ too.
  target_include_directories(virtref_${M_NAME}_objs PRIVATE ${PROJECT_SOURCE_DIR}/include)
  set(private ${M_HARDWARE} ${M_KERNEL} ${M_SOURCES})
  list(REMOVE_ITEM private ${M_REPLACEABLE} ${port_out})
  list(TRANSFORM private PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/")
  set_property(SOURCE ${private} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    APPEND PROPERTY INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/src)
  if(port_in)
    # The kernel's own build warns less, even with W=1 (torvalds/linux
    # scripts/Makefile.extrawarn): its loops compare int with sizeof, its
    # range checks compare unsigned values with a first number of 0.
    set_property(SOURCE ${port_in} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
      APPEND PROPERTY COMPILE_OPTIONS -Wno-sign-compare -Wno-type-limits)
    # The shims whose signature changed follow the port's kernel, for it alone.
    if(VR_PORT_LINUX_VERSION)
      string(REPLACE "." ", " v "${VR_PORT_LINUX_VERSION}")
      set_property(SOURCE ${port_in} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
        APPEND PROPERTY COMPILE_DEFINITIONS "VR_LINUX_VERSION=KERNEL_VERSION(${v}, 0)")
    endif()
  endif()
  set_property(GLOBAL APPEND PROPERTY VR_MODEL_NAMES ${M_NAME})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_HARDWARE ${M_HARDWARE})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_KERNEL ${M_KERNEL})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_REPLACEABLE ${M_REPLACEABLE})
  # The archive members a port may take the place of (src/CMakeLists.txt).
  foreach(p IN LISTS port_in)
    get_filename_component(ported ${p} NAME)
    list(APPEND members ${ported})
  endforeach()
  list(REMOVE_DUPLICATES members)
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_MEMBERS ${members})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_DIR ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/VirtrefPort.cmake)

# The registry source of a library holding the models @names.
function(vr_registry out names)
  set(VR_MODEL_DECLS "")
  set(VR_MODEL_ENTRIES "")
  foreach(n IN LISTS names)
    string(APPEND VR_MODEL_DECLS "extern const struct vr_model vr_model_${n};\n")
    string(APPEND VR_MODEL_ENTRIES "\t&vr_model_${n},\n")
  endforeach()
  configure_file(${PROJECT_SOURCE_DIR}/src/core/models.c.in ${out} @ONLY)
endfunction()
