.items[] | "\(.id)\t\(.price * 3)\t\(.tags | join(","))"
