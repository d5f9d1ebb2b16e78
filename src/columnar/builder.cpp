#include "columnar/builder.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

using common::InternalError;
using common::UserError;

int64_t bitmap_bytes(int64_t bits) { return (bits + 7) / 8; }

template <typename T>
BufferPtr copy_to_buffer(const std::vector<T>& values) {
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(buffer->bytes.data(), values.data(), buffer->bytes.size());
  return buffer;
}

BufferPtr move_to_buffer(std::vector<uint8_t>& bytes) {
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes = std::move(bytes);
  bytes = {};
  return buffer;
}

ArrayPtr make_array(DataTypePtr type, int64_t length, int64_t null_count,
                    std::vector<BufferPtr> buffers, std::vector<ArrayPtr> children = {}) {
  auto array = std::make_shared<ArrayData>();
  array->type = std::move(type);
  array->length = length;
  array->null_count = null_count;
  array->buffers = std::move(buffers);
  array->children = std::move(children);
  return array;
}

}  // namespace

// --- validity: the bitmap is only materialised at the first null ----------------

void ArrayBuilder::throw_offset_overflow() const {
  throw UserError(fmt::format("a {} column exceeds 2 GiB in one batch: use smaller batches",
                              type_->to_string()));
}

void ArrayBuilder::start_validity_bitmap() {
  validity_.assign(size_t(length_ >> 3), 0xFF);
  if (length_ & 7) validity_.push_back(uint8_t((1u << (length_ & 7)) - 1));
}

void ArrayBuilder::reserve_validity(int64_t rows) {
  if (null_count_ > 0) validity_.reserve(size_t(bitmap_bytes(length_ + rows)));
}

BufferPtr ArrayBuilder::finish_validity() {
  if (null_count_ == 0) return nullptr;
  validity_.resize(size_t(bitmap_bytes(length_)), 0);
  return move_to_buffer(validity_);
}

// --- Null --------------------------------------------------------------------------

NullBuilder::NullBuilder() : ArrayBuilder(null_type()) {}

void NullBuilder::append_null() {
  ++length_;
  ++null_count_;
}

void NullBuilder::reserve(int64_t) {}

ArrayPtr NullBuilder::finish() {
  ArrayPtr out = make_array(type_, length_, length_, {});
  reset_counts();
  return out;
}

size_t NullBuilder::memory_bytes() const { return 0; }

// --- Bool --------------------------------------------------------------------------

BoolBuilder::BoolBuilder() : ArrayBuilder(bool_type()) {}

void BoolBuilder::append_null() {
  append_bit(values_, length_, false);
  append_validity(false);
}

void BoolBuilder::reserve(int64_t rows) {
  values_.reserve(size_t(bitmap_bytes(length_ + rows)));
  reserve_validity(rows);
}

ArrayPtr BoolBuilder::finish() {
  values_.resize(size_t(bitmap_bytes(length_)), 0);
  BufferPtr validity = finish_validity();
  ArrayPtr out = make_array(type_, length_, null_count_, {validity, move_to_buffer(values_)});
  reset_counts();
  return out;
}

size_t BoolBuilder::memory_bytes() const { return values_.capacity() + validity_bytes(); }

// --- fixed width -------------------------------------------------------------------

template <typename T>
PrimitiveBuilder<T>::PrimitiveBuilder(DataTypePtr type) : ArrayBuilder(std::move(type)) {
  if (fixed_width_bytes(type_->id) != int(sizeof(T))) {
    throw InternalError(
        fmt::format("a {}-byte builder cannot build {}", sizeof(T), type_->to_string()));
  }
}

template <typename T>
void PrimitiveBuilder<T>::append_null() {
  values_.push_back(T{});
  append_validity(false);
}

template <typename T>
void PrimitiveBuilder<T>::reserve(int64_t rows) {
  values_.reserve(size_t(length_ + rows));
  reserve_validity(rows);
}

template <typename T>
ArrayPtr PrimitiveBuilder<T>::finish() {
  BufferPtr validity = finish_validity();
  ArrayPtr out = make_array(type_, length_, null_count_, {validity, copy_to_buffer(values_)});
  values_.clear();
  reset_counts();
  return out;
}

template <typename T>
size_t PrimitiveBuilder<T>::memory_bytes() const {
  return values_.capacity() * sizeof(T) + validity_bytes();
}

template class PrimitiveBuilder<int8_t>;
template class PrimitiveBuilder<int16_t>;
template class PrimitiveBuilder<int32_t>;
template class PrimitiveBuilder<int64_t>;
template class PrimitiveBuilder<float>;
template class PrimitiveBuilder<double>;

// --- Utf8 / Binary -----------------------------------------------------------------

StringBuilder::StringBuilder(DataTypePtr type) : ArrayBuilder(std::move(type)), offsets_{0} {
  if (type_->id != TypeId::kUtf8 && type_->id != TypeId::kBinary) {
    throw InternalError("a string builder cannot build " + type_->to_string());
  }
}

void StringBuilder::append_null() {
  offsets_.push_back(offsets_.back());
  append_validity(false);
}

void StringBuilder::reserve(int64_t rows) {
  offsets_.reserve(size_t(length_ + rows + 1));
  reserve_validity(rows);
}

void StringBuilder::reserve_data(int64_t bytes) {
  if (data_size_ + size_t(bytes) > data_.size()) grow_data(size_t(bytes));
}

// Geometric growth; the new room is zero-filled once here, not per value.
void StringBuilder::grow_data(size_t more) {
  data_.resize(std::max({data_size_ + more, data_.size() * 2, size_t(64)}));
}

// Hands the used bytes over; the next batch starts a new buffer.
BufferPtr StringBuilder::finish_data() {
  data_.resize(data_size_);
  data_size_ = 0;
  return move_to_buffer(data_);
}

ArrayPtr StringBuilder::finish() {
  BufferPtr validity = finish_validity();
  ArrayPtr out =
      make_array(type_, length_, null_count_, {validity, copy_to_buffer(offsets_), finish_data()});
  offsets_.assign(1, 0);
  reset_counts();
  return out;
}

size_t StringBuilder::memory_bytes() const {
  return offsets_.capacity() * sizeof(int32_t) + data_.capacity() + validity_bytes();
}

// --- List --------------------------------------------------------------------------

ListBuilder::ListBuilder(DataTypePtr type) : ArrayBuilder(std::move(type)), offsets_{0} {
  if (type_->id != TypeId::kList)
    throw InternalError("a list builder cannot build " + type_->to_string());
  values_ = make_builder(type_->children.at(0).type);
}

void ListBuilder::append_null() {
  offsets_.push_back(offsets_.back());
  append_validity(false);
}

void ListBuilder::reserve(int64_t rows) {
  offsets_.reserve(size_t(length_ + rows + 1));
  reserve_validity(rows);
}

ArrayPtr ListBuilder::finish() {
  BufferPtr validity = finish_validity();
  ArrayPtr items = values_->finish();
  ArrayPtr out = make_array(type_, length_, null_count_, {validity, copy_to_buffer(offsets_)},
                            {std::move(items)});
  offsets_.assign(1, 0);
  reset_counts();
  return out;
}

size_t ListBuilder::memory_bytes() const {
  return offsets_.capacity() * sizeof(int32_t) + validity_bytes() + values_->memory_bytes();
}

// --- Struct ------------------------------------------------------------------------

StructBuilder::StructBuilder(DataTypePtr type) : ArrayBuilder(std::move(type)) {
  if (type_->id != TypeId::kStruct) {
    throw InternalError("a struct builder cannot build " + type_->to_string());
  }
  for (const Field& member : type_->children) children_.push_back(make_builder(member.type));
}

void StructBuilder::append_null() {
  for (auto& child : children_) child->append_null();
  append_validity(false);
}

void StructBuilder::reserve(int64_t rows) {
  for (auto& child : children_) child->reserve(rows);
  reserve_validity(rows);
}

ArrayPtr StructBuilder::finish() {
  std::vector<ArrayPtr> members;
  members.reserve(children_.size());
  for (size_t i = 0; i < children_.size(); ++i) {
    if (children_[i]->length() != length_) {
      throw InternalError(fmt::format(
          "struct member '{}' has {} rows but the struct has {}: append one value to every "
          "member per row",
          type_->children[i].name, children_[i]->length(), length_));
    }
    members.push_back(children_[i]->finish());
  }
  BufferPtr validity = finish_validity();
  ArrayPtr out = make_array(type_, length_, null_count_, {validity}, std::move(members));
  reset_counts();
  return out;
}

size_t StructBuilder::memory_bytes() const {
  size_t total = validity_bytes();
  for (const auto& child : children_) total += child->memory_bytes();
  return total;
}

// --- factory -----------------------------------------------------------------------

std::unique_ptr<ArrayBuilder> make_builder(const DataTypePtr& type) {
  switch (type->id) {
    case TypeId::kNull:
      return std::make_unique<NullBuilder>();
    case TypeId::kBool:
      return std::make_unique<BoolBuilder>();
    case TypeId::kInt8:
      return std::make_unique<PrimitiveBuilder<int8_t>>(type);
    case TypeId::kInt16:
      return std::make_unique<PrimitiveBuilder<int16_t>>(type);
    case TypeId::kInt32:
    case TypeId::kDateDay:
      return std::make_unique<PrimitiveBuilder<int32_t>>(type);
    case TypeId::kInt64:
    case TypeId::kDateMilli:
    case TypeId::kTimestamp:
      return std::make_unique<PrimitiveBuilder<int64_t>>(type);
    case TypeId::kFloat32:
      return std::make_unique<PrimitiveBuilder<float>>(type);
    case TypeId::kFloat64:
      return std::make_unique<PrimitiveBuilder<double>>(type);
    case TypeId::kUtf8:
    case TypeId::kBinary:
      return std::make_unique<StringBuilder>(type);
    case TypeId::kList:
      return std::make_unique<ListBuilder>(type);
    case TypeId::kStruct:
      return std::make_unique<StructBuilder>(type);
    case TypeId::kDecimal128:
      break;
  }
  throw InternalError("no builder for " + type->to_string() + " (a read-only type)");
}

}  // namespace larkbase::columnar
