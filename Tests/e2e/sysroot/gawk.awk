# gawk: fields, associative arrays, printf, math and string functions over tree/data.csv.
BEGIN { FS = ","; srand(1) }
{ total += $2; n[$1] = $2; lines++ }
END {
    printf "lines %d total %d mean %.4f\n", lines, total, total / lines
    PROCINFO["sorted_in"] = "@ind_str_asc"
    for (k in n) printf "%s:%d ", k, n[k]
    print ""
    printf "%.12f %.6e %d %x\n", atan2(0, -1), exp(10), int(-3.7), 255
    s = "Hello, World"; print toupper(s), tolower(s), length(s), substr(s, 8), index(s, "World")
    t = "a-b-c-d"; c = gsub(/-/, "+", t); print t, c, split("x y z", parts), parts[3]
    print sprintf("%05.1f|%-6s|%+d", 3.14159, "ab", 42), strftime("%Y-%m-%d %H:%M:%S", 86400 * 365, 1)
    x = 1; for (i = 1; i <= 20; i++) x *= i; printf "20! = %d\n", x
}
