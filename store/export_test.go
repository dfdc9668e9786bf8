package store

// WatchEvery is how often a watcher polls, for the tests' timeouts.
const WatchEvery = watchEvery
