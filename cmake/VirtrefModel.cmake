# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# vr_model(NAME <name>
#          HARDWARE <files...>   the architecture: registers, tables, instructions
#          KERNEL <files...>     one file per mirrored kernel file, same basename
#          SOURCES <files...>)   profile.c, the instance, invariants.c, model.c, show.c
#
# Called from src/<name>/CMakeLists.txt (docs/adding-a-model.md).  Builds
# the model's objects, registers its descriptor `const struct vr_model
# vr_model_<name>` so that replay, fuzzing and the CLI find it, and gives
# it a static archive of its own, libvirtref-<name>.a, beside the combined
# libraries.  The layer lists feed the `layers.<name>` test: no hardware
# file includes a kernel-layer header or calls a kernel-layer function.
# Its Check suites are the files tests/<name>/check_*.c; each defines
# `const struct vr_suite vr_suite_<file stem without check_>`.
function(vr_model)
  cmake_parse_arguments(M "" "NAME" "HARDWARE;KERNEL;SOURCES" ${ARGN})
  if(NOT M_NAME)
    message(FATAL_ERROR "vr_model: NAME is required")
  endif()
  set(all ${M_HARDWARE} ${M_KERNEL} ${M_SOURCES})
  list(TRANSFORM all PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/")
  add_library(virtref_${M_NAME}_objs OBJECT ${all})
  target_include_directories(virtref_${M_NAME}_objs PRIVATE
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  set_property(GLOBAL APPEND PROPERTY VR_MODEL_NAMES ${M_NAME})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_HARDWARE ${M_HARDWARE})
  set_property(GLOBAL PROPERTY VR_MODEL_${M_NAME}_KERNEL ${M_KERNEL})
endfunction()

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
