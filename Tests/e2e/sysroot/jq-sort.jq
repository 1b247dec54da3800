.items |= sort_by(.id) | .total = ([.items[].price] | add) | .tags = ([.items[].tags[]] | sort)
