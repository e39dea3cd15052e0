package shop

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

const sessionTTL = 30 * time.Minute

// SessionStore keeps a session as two strings: its user's id and CSRF token.
type SessionStore struct {
	rdb    redis.UniversalClient
	prefix string
}

// NewSessionStore returns a SessionStore backed by rdb.
func NewSessionStore(rdb redis.UniversalClient) *SessionStore {
	return &SessionStore{rdb: rdb, prefix: sessionPrefix}
}

// Pre-cluster layout: sess:<id> and sess:<id>:csrf.
func (s *SessionStore) key(id string) string     { return s.prefix + id }
func (s *SessionStore) csrfKey(id string) string { return s.prefix + id + ":csrf" }

// Migrated layout: sess:{<id>} and sess:{<id>}:csrf.
func (s *SessionStore) taggedKey(id string) string     { return s.prefix + "{" + id + "}" }
func (s *SessionStore) taggedCSRFKey(id string) string { return s.prefix + "{" + id + "}:csrf" }

// UserID returns the user who owns the session.
func (s *SessionStore) UserID(ctx context.Context, id string) (string, error) {
	return s.rdb.Get(ctx, s.taggedKey(id)).Result()
}

// LoadLegacy returns the user id and CSRF token of a pre-cluster session.
func (s *SessionStore) LoadLegacy(ctx context.Context, id string) (string, string, error) {
	// BUG(crossslot): sess:<id> and sess:<id>:csrf hash to different slots; the raw MGET gets CROSSSLOT.
	return pairOf(s.rdb.Do(ctx, "MGET", s.key(id), s.csrfKey(id)).Slice())
}

// Load returns the user id and CSRF token of a session.
func (s *SessionStore) Load(ctx context.Context, id string) (string, string, error) {
	// OK(crossslot): sess:{<id>} and sess:{<id>}:csrf share the hash tag {<id>}.
	return pairOf(s.rdb.Do(ctx, "MGET", s.taggedKey(id), s.taggedCSRFKey(id)).Slice())
}

// Create stores a new session for userID and extends the user's cart. The
// keys are in different slots, which is fine: a non-transactional pipeline
// is split per node by the cluster client, and each command names one key.
func (s *SessionStore) Create(ctx context.Context, id string, userID int64, csrf string) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.taggedKey(id), userID, sessionTTL)
		p.Set(ctx, s.taggedCSRFKey(id), csrf, sessionTTL)
		p.Expire(ctx, taggedCartKey(userID), cartTTL)
		return nil
	})
	return err
}
