# git gc runs pack-objects, repack, prune... as child processes (tern only).
export GIT_AUTHOR_DATE='2024-02-03T04:05:06Z' GIT_COMMITTER_DATE='2024-02-03T04:05:06Z' GIT_CONFIG_NOSYSTEM=1
git() { /usr/bin/git -c user.name=Tern -c user.email=tern@example.org "$@"; }
git init -q -b main tree && git -C tree add . && git -C tree commit -q -m first || exit 1
echo more >> tree/fruit.txt && git -C tree commit -q -am second || exit 1
git -C tree count-objects -v | grep -E '^(count|in-pack|packs)'
git -C tree gc -q; echo "gc status $?"
git -C tree count-objects -v | grep -E '^(count|in-pack|packs)'
git -C tree fsck --no-progress; echo "fsck status $?"
git -C tree log --oneline
