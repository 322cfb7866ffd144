package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// walkBSON calls fn with each top-level field of a BSON document (its key, type byte and raw value) until fn
// returns true or the fields end. It knows the sizes of the types commands and replies use; another type stops
// it with an error.
func walkBSON(doc []byte, fn func(key string, typ byte, value []byte) bool) error {
	if len(doc) < 5 {
		return errors.New("short BSON document")
	}
	n := int(binary.LittleEndian.Uint32(doc[0:4]))
	if n > len(doc) || n < 5 {
		return errors.New("bad BSON length")
	}
	b := doc[4 : n-1]
	for len(b) > 0 {
		typ := b[0]
		end := -1
		for i, c := range b[1:] {
			if c == 0 {
				end = i
				break
			}
		}
		if end < 0 {
			return errors.New("bad BSON key")
		}
		key := string(b[1 : 1+end])
		b = b[2+end:]
		var size int
		switch typ {
		case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
			size = 8
		case 0x10: // int32
			size = 4
		case 0x08: // bool
			size = 1
		case 0x0A, 0x06, 0xFF, 0x7F: // null, undefined, min key, max key
			size = 0
		case 0x07: // ObjectId
			size = 12
		case 0x13: // decimal128
			size = 16
		case 0x02: // string
			if len(b) < 4 {
				return errors.New("short BSON string")
			}
			size = 4 + int(binary.LittleEndian.Uint32(b[0:4]))
		case 0x03, 0x04: // document, array
			if len(b) < 4 {
				return errors.New("short BSON document")
			}
			size = int(binary.LittleEndian.Uint32(b[0:4]))
		case 0x05: // binary
			if len(b) < 4 {
				return errors.New("short BSON binary")
			}
			size = 5 + int(binary.LittleEndian.Uint32(b[0:4]))
		default:
			return fmt.Errorf("unsupported BSON type 0x%02x", typ)
		}
		if size < 0 || size > len(b) {
			return errors.New("truncated BSON value")
		}
		if fn(key, typ, b[:size]) {
			return nil
		}
		b = b[size:]
	}
	return nil
}

// bsonOK returns whether the top-level field "ok" of a BSON document equals 1.
func bsonOK(doc []byte) (bool, error) {
	var ok, found bool
	var typeErr error
	err := walkBSON(doc, func(key string, typ byte, v []byte) bool {
		if key != "ok" {
			return false
		}
		found = true
		switch typ {
		case 0x01:
			ok = math.Float64frombits(binary.LittleEndian.Uint64(v[0:8])) == 1
		case 0x10:
			ok = int32(binary.LittleEndian.Uint32(v[0:4])) == 1
		case 0x12:
			ok = int64(binary.LittleEndian.Uint64(v[0:8])) == 1
		case 0x08:
			ok = v[0] == 1
		default:
			typeErr = fmt.Errorf("ok has BSON type 0x%02x", typ)
		}
		return true
	})
	if err != nil {
		return false, err
	}
	if typeErr != nil {
		return false, typeErr
	}
	if !found {
		return false, errors.New("no ok field in reply")
	}
	return ok, nil
}
