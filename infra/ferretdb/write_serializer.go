package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

// FerretDB 1.x runs an update or findAndModify as "query the matching documents, apply the operators in Go,
// write each whole document back", with the query outside the write's transaction, on PostgreSQL as on SQLite.
// Two connections updating one document at once can therefore both read the old version, and the later write
// drops the earlier one's change: `$inc` from two clients loses increments, and a conditional update can
// overwrite a document that no longer matches its filter. MongoDB applies each single-document write
// atomically, and Parley relies on that.
//
// writeSerializer restores that guarantee in front of FerretDB: it accepts the clients' connections, relays
// every message to FerretDB over a connection of its own, and lets only one write command (insert, update,
// delete, findAndModify) per database be in FerretDB at a time, from the moment it is sent until its reply
// comes back. Reads are never held back. Writes to different databases (tests use one database per file) run
// in parallel.

const (
	opMsg          = 2013
	headerLen      = 16
	maxMessageLen  = 48 << 20
	flagMoreToCome = 1 << 1
)

var writeCommands = map[string]bool{
	"insert":        true,
	"update":        true,
	"delete":        true,
	"findAndModify": true,
	"findandmodify": true,
}

type writeSerializer struct {
	backend string // FerretDB's own listener (a Unix socket path)
	logger  *slog.Logger

	mu    sync.Mutex
	locks map[string]*sync.Mutex // one per database name
}

func newWriteSerializer(backend string, logger *slog.Logger) *writeSerializer {
	return &writeSerializer{backend: backend, logger: logger, locks: map[string]*sync.Mutex{}}
}

func (s *writeSerializer) lockOf(db string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[db]
	if !ok {
		l = &sync.Mutex{}
		s.locks[db] = l
	}
	return l
}

// serve accepts connections on l until ctx ends.
func (s *writeSerializer) serve(ctx context.Context, l net.Listener) error {
	go func() {
		<-ctx.Done()
		_ = l.Close()
	}()
	for {
		client, err := l.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		go s.relay(client)
	}
}

// relay copies one client's messages to a FerretDB connection and the replies back. A write command holds its
// database's lock from before it is sent until the reply that answers it (responseTo == its requestID) is read.
func (s *writeSerializer) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("unix", s.backend)
	if err != nil {
		s.logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	var heldMu sync.Mutex
	held := map[int32]*sync.Mutex{} // requestID of a write in flight -> the lock it holds
	releaseAll := func() {
		heldMu.Lock()
		defer heldMu.Unlock()
		for id, l := range held {
			l.Unlock()
			delete(held, id)
		}
	}
	defer releaseAll()

	done := make(chan struct{})
	go func() {
		defer close(done)
		// No reply will come now: free the locks at once, so that nothing waits on a closed connection (this
		// client's own next write included).
		defer releaseAll()
		for {
			msg, err := readMessage(server)
			if err != nil {
				_ = client.Close()
				return
			}
			responseTo := int32(binary.LittleEndian.Uint32(msg[8:12]))
			heldMu.Lock()
			if l, ok := held[responseTo]; ok {
				delete(held, responseTo)
				l.Unlock()
			}
			heldMu.Unlock()
			if _, err := client.Write(msg); err != nil {
				_ = server.Close()
				return
			}
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			break
		}
		if db, ok := writeTarget(msg); ok {
			l := s.lockOf(db)
			l.Lock()
			heldMu.Lock()
			held[int32(binary.LittleEndian.Uint32(msg[4:8]))] = l
			heldMu.Unlock()
		}
		if _, err := server.Write(msg); err != nil {
			break
		}
	}
	_ = server.Close()
	<-done
}

// readMessage reads one whole wire-protocol message (header included).
func readMessage(r io.Reader) ([]byte, error) {
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(hdr[0:4]))
	if n < headerLen || n > maxMessageLen {
		return nil, fmt.Errorf("bad message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(r, msg[headerLen:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// writeTarget tells whether msg is an OP_MSG write command that expects a reply, and names its database.
// Anything else (reads, handshakes, fire-and-forget writes that get no reply to release a lock) passes freely.
func writeTarget(msg []byte) (string, bool) {
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < headerLen+4+1+5 {
		return "", false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	if flags&flagMoreToCome != 0 {
		return "", false
	}
	// The body (kind 0 section) comes first in what drivers send; find it among the sections.
	b := msg[20:]
	for len(b) > 0 {
		kind := b[0]
		b = b[1:]
		if len(b) < 4 {
			return "", false
		}
		size := int(binary.LittleEndian.Uint32(b[0:4]))
		if size < 5 || size > len(b) {
			return "", false
		}
		if kind == 0 {
			command, db, err := commandAndDB(b[:size])
			if err != nil || !writeCommands[command] {
				return "", false
			}
			return db, true
		}
		b = b[size:] // kind 1: a document sequence, prefixed by its size
	}
	return "", false
}

// commandAndDB returns the first key of a command document (the command's name) and its $db.
func commandAndDB(doc []byte) (string, string, error) {
	var command, db string
	err := walkBSON(doc, func(key string, typ byte, value []byte) bool {
		if command == "" {
			command = key
		}
		if key == "$db" && typ == 0x02 && len(value) >= 5 {
			db = string(value[4 : len(value)-1])
		}
		return command != "" && db != ""
	})
	if err != nil {
		return "", "", err
	}
	if command == "" || db == "" {
		return "", "", errors.New("no command or $db")
	}
	return command, db, nil
}
