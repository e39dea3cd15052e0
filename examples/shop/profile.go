package shop

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"
)

// Account holds a user's profile and settings, both JSON documents.
type Account struct {
	Profile  string
	Settings string
}

// ProfileStore keeps user profiles and settings.
type ProfileStore struct {
	rdb redis.UniversalClient
}

// LoadLegacy reads an account stored in the pre-cluster layout.
func (s *ProfileStore) LoadLegacy(ctx context.Context, userID int64) (Account, error) {
	// BUG(crossslot): user:<id>:profile and user:<id>:settings share no hash tag and hash to different slots.
	p, st, err := pairOf(s.rdb.MGet(ctx, profileKey(userID), settingsKey(userID)).Result())
	return Account{Profile: p, Settings: st}, err
}

// Load reads an account in the migrated layout.
func (s *ProfileStore) Load(ctx context.Context, userID int64) (Account, error) {
	// OK(crossslot): both keys carry the hash tag {user:<id>}, so they share one slot.
	p, st, err := pairOf(s.rdb.MGet(ctx, taggedProfileKey(userID), taggedSettingsKey(userID)).Result())
	return Account{Profile: p, Settings: st}, err
}

// SaveLegacy writes an account in the pre-cluster layout.
func (s *ProfileStore) SaveLegacy(ctx context.Context, userID int64, a Account) error {
	id := strconv.FormatInt(userID, 10)
	pk := "user:" + id + ":profile"
	sk := "user:" + id + ":settings"
	// BUG(crossslot): MSET of user:<id>:profile and user:<id>:settings spans two slots.
	return s.rdb.MSet(ctx, pk, a.Profile, sk, a.Settings).Err()
}

// Save writes an account in the migrated layout.
func (s *ProfileStore) Save(ctx context.Context, userID int64, a Account) error {
	tag := fmt.Sprint("{user:", userID, "}")
	// OK(crossslot): {user:<id>}:profile and {user:<id>}:settings share the tag {user:<id>}.
	return s.rdb.MSet(ctx, tag+":profile", a.Profile, tag+":settings", a.Settings).Err()
}
