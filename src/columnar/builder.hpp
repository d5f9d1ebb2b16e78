#pragma once
// Builders append values row by row into Arrow-layout buffers without a heap
// allocation per scalar value (buffers grow geometrically; reserve() pre-sizes).
//
//   auto builder = make_builder(list_type(utf8_type()));
//   auto& list = static_cast<ListBuilder&>(*builder);
//   list.begin_list(); list.values<StringBuilder>().append("a"); list.end_list();
//   ArrayPtr array = builder->finish();
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "columnar/array.hpp"

namespace larkbase::columnar {

// Appends bit `index` of a bitmap that grows by sequential appends.
[[gnu::always_inline]] inline void append_bit(std::vector<uint8_t>& bitmap, int64_t index,
                                              bool value) {
  if (size_t(index >> 3) >= bitmap.size()) bitmap.push_back(0);
  if (value) bitmap[size_t(index >> 3)] |= uint8_t(1u << (index & 7));
}

class ArrayBuilder {
 public:
  explicit ArrayBuilder(DataTypePtr type) : type_(std::move(type)) {}
  virtual ~ArrayBuilder() = default;
  ArrayBuilder(const ArrayBuilder&) = delete;
  ArrayBuilder& operator=(const ArrayBuilder&) = delete;

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }

  // Appends a null row (for Struct: children get a null too; for List: an empty slot).
  virtual void append_null() = 0;
  virtual void reserve(int64_t rows) = 0;
  // Hands over the built array and resets the builder to empty.
  virtual ArrayPtr finish() = 0;
  // Bytes currently allocated by this builder and its children.
  virtual size_t memory_bytes() const = 0;

 protected:
  // Validity bookkeeping shared by all builders. Inline: it runs once per value. The
  // bitmap only exists from the first null on (until then every row is valid).
  void append_validity(bool valid) {
    if (null_count_ == 0) [[likely]] {
      if (valid) {
        ++length_;
        return;
      }
      start_validity_bitmap();
    }
    append_bit(validity_, length_, valid);
    null_count_ += valid ? 0 : 1;
    ++length_;
  }
  void reserve_validity(int64_t rows);
  BufferPtr finish_validity();  // null buffer when there are no nulls
  size_t validity_bytes() const { return validity_.capacity(); }
  // Back to zero rows (after finish()).
  // Offsets are int32 in the Arrow layout; a batch past 2 GiB of data must be split.
  int32_t checked_offset(size_t value) const {
    if (value > size_t(INT32_MAX)) [[unlikely]]
      throw_offset_overflow();
    return static_cast<int32_t>(value);
  }
  void reset_counts() {
    length_ = 0;
    null_count_ = 0;
  }

  DataTypePtr type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;

 private:
  void start_validity_bitmap();  // all rows so far valid
  [[noreturn]] void throw_offset_overflow() const;

  std::vector<uint8_t> validity_;
};

// Null: only a length (every row is null).
class NullBuilder final : public ArrayBuilder {
 public:
  NullBuilder();
  void append_null() override;
  void reserve(int64_t rows) override;
  ArrayPtr finish() override;
  size_t memory_bytes() const override;
};

class BoolBuilder final : public ArrayBuilder {
 public:
  BoolBuilder();
  void append(bool value) {
    append_bit(values_, length_, value);
    append_validity(true);
  }
  void append_null() override;
  void reserve(int64_t rows) override;
  ArrayPtr finish() override;
  size_t memory_bytes() const override;

 private:
  std::vector<uint8_t> values_;
};

// Int8/16/32/64, Float32/64, DateDay, DateMilli, Timestamp.
template <typename T>
class PrimitiveBuilder final : public ArrayBuilder {
 public:
  explicit PrimitiveBuilder(DataTypePtr type);
  void append(T value) {
    values_.push_back(value);
    append_validity(true);
  }
  void append_null() override;
  void reserve(int64_t rows) override;
  ArrayPtr finish() override;
  size_t memory_bytes() const override;

 private:
  std::vector<T> values_;
};
using Int8Builder = PrimitiveBuilder<int8_t>;
using Int16Builder = PrimitiveBuilder<int16_t>;
using Int32Builder = PrimitiveBuilder<int32_t>;
using Int64Builder = PrimitiveBuilder<int64_t>;
using Float32Builder = PrimitiveBuilder<float>;
using Float64Builder = PrimitiveBuilder<double>;

// Finished arrays get exact-size buffers: byte vectors (validity, bools, string data)
// are handed over, typed vectors (values, offsets) are copied and keep their capacity
// for the next batch.

// Utf8 (and Binary). A value can be appended whole, or built from pieces
// (text segments concatenated) with begin_value / append_bytes / end_value.
class StringBuilder final : public ArrayBuilder {
 public:
  explicit StringBuilder(DataTypePtr type = utf8_type());
  void append(std::string_view value) {
    append_bytes(value);
    end_value();
  }
  void begin_value() {}
  void append_bytes(std::string_view piece) {
    // data_ is sized ahead (data_size_ bytes are used) so that an append is one
    // memcpy: vector::insert's generic path and resize's zero fill per value both
    // showed in the normaliser's profile (many short strings).
    if (piece.size() > data_.size() - data_size_) grow_data(piece.size());
    if (!piece.empty()) std::memcpy(data_.data() + data_size_, piece.data(), piece.size());
    data_size_ += piece.size();
  }
  void end_value() {
    offsets_.push_back(checked_offset(data_size_));
    append_validity(true);
  }
  void append_null() override;
  void reserve(int64_t rows) override;
  void reserve_data(int64_t bytes);
  ArrayPtr finish() override;
  size_t memory_bytes() const override;

 private:
  void grow_data(size_t more);
  BufferPtr finish_data();

  std::vector<int32_t> offsets_;
  std::vector<uint8_t> data_;  // bytes [0, data_size_) hold values; the rest is room
  size_t data_size_ = 0;
};

// List<T>: begin_list(), append items to values(), end_list().
class ListBuilder final : public ArrayBuilder {
 public:
  explicit ListBuilder(DataTypePtr type);
  void begin_list() {}
  void end_list() {
    offsets_.push_back(checked_offset(size_t(values_->length())));
    append_validity(true);
  }
  ArrayBuilder& values() { return *values_; }
  template <typename B>
  B& values() {
    return static_cast<B&>(*values_);
  }
  void append_null() override;
  void reserve(int64_t rows) override;
  ArrayPtr finish() override;
  size_t memory_bytes() const override;

 private:
  std::vector<int32_t> offsets_;
  std::unique_ptr<ArrayBuilder> values_;
};

// Struct: append one value to every child, then append_valid(); or append_null(),
// which also appends a null to every child.
class StructBuilder final : public ArrayBuilder {
 public:
  explicit StructBuilder(DataTypePtr type);
  ArrayBuilder& child(size_t i) { return *children_[i]; }
  template <typename B>
  B& child(size_t i) {
    return static_cast<B&>(*children_[i]);
  }
  size_t num_children() const { return children_.size(); }
  void append_valid() { append_validity(true); }
  void append_null() override;
  void reserve(int64_t rows) override;
  ArrayPtr finish() override;
  size_t memory_bytes() const override;

 private:
  std::vector<std::unique_ptr<ArrayBuilder>> children_;
};

// A builder for any type of the set (nested types get nested builders). Decimal128
// has no builder (it is only read); asking for one throws InternalError.
std::unique_ptr<ArrayBuilder> make_builder(const DataTypePtr& type);

}  // namespace larkbase::columnar
