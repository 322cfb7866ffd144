// Command parley-ferretdb runs FerretDB v1.24 (a MongoDB wire-protocol server)
// embedded through its public package, on PostgreSQL (default) or SQLite, until
// SIGTERM or SIGINT. It exists because `go install .../cmd/ferretdb` builds a binary
// that panics at start (it needs generated version files); the embeddable
// package does not need them.
//
// Usage:
//
//	parley-ferretdb [-listen 127.0.0.1:27017] [-handler postgresql] [-postgresql-url URL] [-log-level info]
//	parley-ferretdb -handler sqlite [-sqlite-dir DIR] ...
//	parley-ferretdb ping [-addr 127.0.0.1:27017] [-timeout 2s]
//
// Environment variables PARLEY_FERRETDB_LISTEN, PARLEY_FERRETDB_HANDLER,
// PARLEY_FERRETDB_POSTGRESQL_URL, PARLEY_FERRETDB_SQLITE_DIR and
// PARLEY_FERRETDB_LOG_LEVEL give the defaults of the flags.
//
// The PostgreSQL backend runs each command in a PostgreSQL transaction, so a
// conditional single-document update is atomic across connections, as on
// MongoDB; the SQLite backend is not (concurrent updates can be lost).
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
	"net"
	"net/url"
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
	handler := fs.String("handler", envOr("PARLEY_FERRETDB_HANDLER", "postgresql"), "backend: postgresql or sqlite")
	pgURL := fs.String("postgresql-url", envOr("PARLEY_FERRETDB_POSTGRESQL_URL", "postgres://parley:parley@127.0.0.1:5432/ferretdb"), "PostgreSQL URL (handler postgresql)")
	dir := fs.String("sqlite-dir", envOr("PARLEY_FERRETDB_SQLITE_DIR", "data"), "directory of the SQLite databases, created if missing (handler sqlite)")
	serialize := fs.Bool("serialize-writes", envOr("PARLEY_FERRETDB_SERIALIZE_WRITES", "true") == "true", "let one write command per database at a time into FerretDB, for atomic single-document updates (see write_serializer.go)")
	level := fs.String("log-level", envOr("PARLEY_FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	_ = fs.Parse(args)

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(os.Stderr, "bad -log-level %q: %v\n", *level, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))

	// With the serializer, FerretDB listens on a Unix socket of its own and only the serializer faces clients.
	listener := ferretdb.ListenerConfig{TCP: *listen}
	var socket string
	if *serialize {
		dir, err := os.MkdirTemp("", "parley-ferretdb-")
		if err != nil {
			logger.Error("cannot create the socket directory", "error", err)
			return 1
		}
		defer os.RemoveAll(dir)
		socket = filepath.Join(dir, "ferretdb.sock")
		listener = ferretdb.ListenerConfig{Unix: socket}
	}
	config := &ferretdb.Config{
		Listener: listener,
		Logger:   logger,
		Handler:  *handler,
	}
	var backend string
	switch *handler {
	case "postgresql":
		config.PostgreSQLURL = *pgURL
		backend = "PostgreSQL " + redactPassword(*pgURL)
	case "sqlite":
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
		config.SQLiteURL = "file:" + strings.TrimSuffix(abs, "/") + "/"
		backend = "SQLite " + config.SQLiteURL
	default:
		fmt.Fprintf(os.Stderr, "bad -handler %q: want postgresql or sqlite\n", *handler)
		return 2
	}

	f, err := ferretdb.New(config)
	if err != nil {
		logger.Error("cannot create FerretDB", "error", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// Always printed, whatever the log level.
	fmt.Fprintf(os.Stderr, "%s parley-ferretdb: pid %d listening on %s, %s, writes serialized per database: %t, log level %s\n",
		time.Now().UTC().Format(time.RFC3339), os.Getpid(), *listen, backend, *serialize, lvl)
	if !*serialize {
		if err := f.Run(ctx); err != nil {
			logger.Error("FerretDB stopped with an error", "error", err)
			return 1
		}
	} else {
		front, err := net.Listen("tcp", *listen)
		if err != nil {
			logger.Error("cannot listen", "address", *listen, "error", err)
			return 1
		}
		ctx, cancel := context.WithCancel(ctx)
		ran := make(chan error, 1)
		go func() {
			ran <- f.Run(ctx)
			cancel() // FerretDB ended (e.g. its storage failed): stop accepting too
		}()
		served := newWriteSerializer(socket, logger).serve(ctx, front)
		cancel()
		if err := errors.Join(served, <-ran); err != nil {
			logger.Error("FerretDB stopped with an error", "error", err)
			return 1
		}
	}
	fmt.Fprintf(os.Stderr, "%s parley-ferretdb: stopped\n", time.Now().UTC().Format(time.RFC3339))
	return 0
}

// redactPassword hides the password of a URL for the log.
func redactPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
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
