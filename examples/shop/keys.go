package shop

import (
	"fmt"
	"strconv"
	"strings"
)

// A cluster runs a multi-key command only if all its keys share a slot: the
// CRC16 of the key's hash tag (text between the first '{' and the next '}'),
// or of the whole key without one. The pre-cluster layout had no tags.
const (
	profileKeyFmt  = "user:%d:profile"
	settingsKeyFmt = "user:%d:settings"

	taggedProfileKeyFmt  = "{user:%d}:profile"
	taggedSettingsKeyFmt = "{user:%d}:settings"
)

// Carts: the cart hash, its checkout lock and the copy frozen at checkout.
const (
	cartPrefix     = "cart:"
	checkoutPrefix = "checkout:"
	lockSuffix     = ":lock"

	taggedCartKeyFmt     = "{cart:%d}"
	taggedCartLockKeyFmt = "{cart:%d}:lock"
	checkoutSuffix       = ":checkout"
)

// sessionPrefix prefixes every session key.
const sessionPrefix string = "sess:"

func profileKey(userID int64) string        { return fmt.Sprintf(profileKeyFmt, userID) }
func settingsKey(userID int64) string       { return fmt.Sprintf(settingsKeyFmt, userID) }
func taggedProfileKey(userID int64) string  { return fmt.Sprintf(taggedProfileKeyFmt, userID) }
func taggedSettingsKey(userID int64) string { return fmt.Sprintf(taggedSettingsKeyFmt, userID) }

func cartKey(userID int64) string     { return cartPrefix + strconv.FormatInt(userID, 10) }
func cartLockKey(userID int64) string { return cartPrefix + strconv.FormatInt(userID, 10) + lockSuffix }
func checkoutKey(userID int64) string { return checkoutPrefix + strconv.FormatInt(userID, 10) }

func taggedCartKey(userID int64) string     { return fmt.Sprintf(taggedCartKeyFmt, userID) }
func taggedCartLockKey(userID int64) string { return fmt.Sprintf(taggedCartLockKeyFmt, userID) }

// warehouseKey names a warehouse's set of in-stock SKUs: "{stock}:wh:berlin".
func warehouseKey(name string) string { return strings.Join([]string{"{stock}", "wh", name}, ":") }
