# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# vr_model(NAME <name> SOURCES <files...>)
#
# Called from src/<name>/CMakeLists.txt.  Adds the model's sources to the
# library and registers its descriptor, `const struct vr_model
# vr_model_<name>`, so that replay, fuzzing and the CLI find it.  Its
# Check suites are the files tests/<name>/check_*.c; each defines
# `const struct vr_suite vr_suite_<file stem without check_>`.
function(vr_model)
  cmake_parse_arguments(M "" "NAME" "SOURCES" ${ARGN})
  if(NOT M_NAME)
    message(FATAL_ERROR "vr_model: NAME is required")
  endif()
  list(TRANSFORM M_SOURCES PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/")
  target_sources(virtref_objs PRIVATE ${M_SOURCES})
  set_property(GLOBAL APPEND PROPERTY VR_MODEL_NAMES ${M_NAME})
endfunction()
