#pragma once
// Internal to the IPC writer/reader: Schema and Field <-> Arrow flatbuffer metadata.
#include <flatbuffers/flatbuffers.h>

#include "columnar/data_type.hpp"
#include "columnar/fbs/schema_generated.h"

namespace larkbase::columnar::ipc_detail {

flatbuffers::Offset<fbs::Schema> write_schema(flatbuffers::FlatBufferBuilder& builder,
                                              const Schema& schema);
// Throws UserError for types larkbase does not read (Map, Time, unsigned ints, ...),
// dictionary encoding, big-endian data or nesting deeper than 64 levels.
Schema read_schema(const fbs::Schema& schema);

}  // namespace larkbase::columnar::ipc_detail
