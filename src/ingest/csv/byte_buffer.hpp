#pragma once
// A growable byte buffer that does not zero what it allocates: block buffers are filled
// by read() and recycled between chunks, so neither zeroing nor fresh pages are paid twice.
#include <cstring>
#include <memory>
#include <string_view>

namespace cskpi {

class ByteBuffer {
public:
    char* data() { return data_.get(); }
    const char* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string_view view() const { return {data_.get(), size_}; }

    void reserve(std::size_t n) {
        if (n <= capacity_) return;
        std::unique_ptr<char[]> bigger(new char[n]);
        if (size_) std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = n;
    }
    // Sets the size; new bytes are uninitialised.
    void resize(std::size_t n) {
        reserve(n);
        size_ = n;
    }
    void assign(const char* p, std::size_t n) {
        reserve(n);
        if (n) std::memmove(data_.get(), p, n);
        size_ = n;
    }
    void clear() { size_ = 0; }

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace cskpi
