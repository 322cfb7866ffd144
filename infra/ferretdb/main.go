// Command parley-ferretdb runs FerretDB v1.24 (a MongoDB wire-protocol server)
// embedded through its public package, with the SQLite backend, until SIGTERM
// or SIGINT. It exists because `go install .../cmd/ferretdb` builds a binary
// that panics at start (it needs generated version files); the embeddable
// package does not need them.
//
// Usage:
//
//	parley-ferretdb [-listen 127.0.0.1:27017] [-sqlite-dir DIR] [-log-level info]
//	parley-ferretdb ping [-addr 127.0.0.1:27017] [-timeout 2s]
//
// Environment variables PARLEY_FERRETDB_LISTEN, PARLEY_FERRETDB_SQLITE_DIR and
// PARLEY_FERRETDB_LOG_LEVEL give the defaults of the flags.
//
// The `ping` subcommand sends a MongoDB `{ping: 1}` command (OP_MSG) over raw
// TCP and exits 0 only when the server answers ok: 1. It needs no driver, so
// the start scripts can use it as a readiness check on a fresh machine.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "ping" {
		os.Exit(pingMain(os.Args[2:]))
	}
	os.Exit(serveMain(os.Args[1:]))
}

func serveMain(args []string) int {
	fs := flag.NewFlagSet("parley-ferretdb", flag.ExitOnError)
	listen := fs.String("listen", envOr("PARLEY_FERRETDB_LISTEN", "127.0.0.1:27017"), "TCP address to listen on")
	dir := fs.String("sqlite-dir", envOr("PARLEY_FERRETDB_SQLITE_DIR", "data"), "directory of the SQLite databases (created if missing)")
	level := fs.String("log-level", envOr("PARLEY_FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	_ = fs.Parse(args)

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "bad -log-level %q: %v\n", *level, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	abs, err := filepath.Abs(*dir)
	if err != nil {
		logger.Error("bad -sqlite-dir", "error", err)
		return 2
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		logger.Error("cannot create SQLite directory", "dir", abs, "error", err)
		return 1
	}

	// The SQLite URL names a directory and must end with a slash.
	sqliteURL := "file:" + strings.TrimSuffix(abs, "/") + "/"

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		logger.Error("cannot create FerretDB", "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// Always printed, whatever the log level.
	fmt.Fprintf(os.Stderr, "%s parley-ferretdb: pid %d listening on %s, SQLite %s, log level %s\n",
		time.Now().UTC().Format(time.RFC3339), os.Getpid(), *listen, sqliteURL, lvl)
	if err := f.Run(ctx); err != nil {
		logger.Error("FerretDB stopped with an error", "error", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "%s parley-ferretdb: stopped\n", time.Now().UTC().Format(time.RFC3339))
	return 0
}

func pingMain(args []string) int {
	fs := flag.NewFlagSet("ping", flag.ExitOnError)
	addr := fs.String("addr", envOr("PARLEY_FERRETDB_LISTEN", "127.0.0.1:27017"), "server address")
	timeout := fs.Duration("timeout", 2*time.Second, "overall timeout")
	quiet := fs.Bool("q", false, "print nothing on success")
	_ = fs.Parse(args)

	if err := ping(*addr, *timeout); err != nil {
		fmt.Fprintf(os.Stderr, "ping %s: %v\n", *addr, err)
		return 1
	}
	if !*quiet {
		fmt.Printf("ping %s: ok\n", *addr)
	}
	return 0
}

// ping sends {ping: 1, $db: "admin"} as an OP_MSG and checks that the reply has ok == 1.
func ping(addr string, timeout time.Duration) error {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}

	// BSON document {ping: int32(1), $db: "admin"}.
	var doc bytes.Buffer
	doc.WriteByte(0x10) // int32
	doc.WriteString("ping\x00")
	_ = binary.Write(&doc, binary.LittleEndian, int32(1))
	doc.WriteByte(0x02) // string
	doc.WriteString("$db\x00")
	_ = binary.Write(&doc, binary.LittleEndian, int32(len("admin")+1))
	doc.WriteString("admin\x00")
	doc.WriteByte(0x00)
	bsonDoc := make([]byte, 4, 4+doc.Len())
	binary.LittleEndian.PutUint32(bsonDoc, uint32(4+doc.Len()))
	bsonDoc = append(bsonDoc, doc.Bytes()...)

	// OP_MSG: header (length, requestID, responseTo, opCode=2013), flagBits, section kind 0.
	var msg bytes.Buffer
	_ = binary.Write(&msg, binary.LittleEndian, int32(16+4+1+len(bsonDoc)))
	_ = binary.Write(&msg, binary.LittleEndian, int32(1))
	_ = binary.Write(&msg, binary.LittleEndian, int32(0))
	_ = binary.Write(&msg, binary.LittleEndian, int32(2013))
	_ = binary.Write(&msg, binary.LittleEndian, uint32(0))
	msg.WriteByte(0)
	msg.Write(bsonDoc)
	if _, err := conn.Write(msg.Bytes()); err != nil {
		return err
	}

	var hdr [16]byte
	if _, err := io.ReadFull(conn, hdr[:]); err != nil {
		return fmt.Errorf("reading reply header: %w", err)
	}
	length := int(binary.LittleEndian.Uint32(hdr[0:4]))
	opCode := binary.LittleEndian.Uint32(hdr[12:16])
	if opCode != 2013 || length < 16+4+1+5 || length > 16<<20 {
		return fmt.Errorf("unexpected reply: opCode %d, length %d", opCode, length)
	}
	body := make([]byte, length-16)
	if _, err := io.ReadFull(conn, body); err != nil {
		return fmt.Errorf("reading reply body: %w", err)
	}
	if body[4] != 0 {
		return fmt.Errorf("unexpected section kind %d", body[4])
	}
	ok, err := bsonOK(body[5:])
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("server replied ok != 1")
	}
	return nil
}

// bsonOK returns whether the top-level field "ok" of a BSON document equals 1.
func bsonOK(b []byte) (bool, error) {
	if len(b) < 5 {
		return false, errors.New("short BSON document")
	}
	n := int(binary.LittleEndian.Uint32(b[0:4]))
	if n > len(b) || n < 5 {
		return false, errors.New("bad BSON length")
	}
	b = b[4 : n-1]
	for len(b) > 0 {
		typ := b[0]
		end := bytes.IndexByte(b[1:], 0)
		if end < 0 {
			return false, errors.New("bad BSON key")
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
		case 0x0A: // null
			size = 0
		case 0x07: // ObjectId
			size = 12
		case 0x13: // decimal128
			size = 16
		case 0x02: // string
			if len(b) < 4 {
				return false, errors.New("short BSON string")
			}
			size = 4 + int(binary.LittleEndian.Uint32(b[0:4]))
		case 0x03, 0x04: // document, array
			if len(b) < 4 {
				return false, errors.New("short BSON document")
			}
			size = int(binary.LittleEndian.Uint32(b[0:4]))
		case 0x05: // binary
			if len(b) < 4 {
				return false, errors.New("short BSON binary")
			}
			size = 5 + int(binary.LittleEndian.Uint32(b[0:4]))
		default:
			return false, fmt.Errorf("unsupported BSON type 0x%02x before ok", typ)
		}
		if size > len(b) {
			return false, errors.New("truncated BSON value")
		}
		if key == "ok" {
			switch typ {
			case 0x01:
				return math.Float64frombits(binary.LittleEndian.Uint64(b[0:8])) == 1, nil
			case 0x10:
				return int32(binary.LittleEndian.Uint32(b[0:4])) == 1, nil
			case 0x12:
				return int64(binary.LittleEndian.Uint64(b[0:8])) == 1, nil
			case 0x08:
				return b[0] == 1, nil
			}
			return false, fmt.Errorf("ok has BSON type 0x%02x", typ)
		}
		b = b[size:]
	}
	return false, errors.New("no ok field in reply")
}
