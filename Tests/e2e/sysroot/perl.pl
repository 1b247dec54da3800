# Numeric and text processing in perl: sums, formats, sorting, hashes, regexes, sprintf, pack.
use strict; use warnings;
my @nums = map { $_ * 1.5 - 7 } 1 .. 40;
my $sum = 0; $sum += $_ for @nums;
printf "sum %.3f mean %.6f\n", $sum, $sum / @nums;
my ($min, $max) = (sort { $a <=> $b } @nums)[0, -1];
printf "min %g max %g sqrt2 %.15f pi %.12f\n", $min, $max, sqrt(2), 4 * atan2(1, 1);
printf "%e %g %x %o %b %s\n", 12345.678, 0.0001234, 48879, 511, 10, 2 ** 53 + 1;
my %count;
open(my $fh, '<', 'tree/fruit.txt') or die "fruit: $!";
while (my $line = <$fh>) { chomp $line; $count{$line}++; }
close $fh;
print join(",", map { "$_=$count{$_}" } sort keys %count), "\n";
my $text = "The quick brown fox jumps over the lazy dog 1234 times";
(my $caps = $text) =~ s/(\w+)/\u$1/g;
print "$caps\n", scalar(() = $text =~ /o/g), " o's\n";
print join("|", reverse split /\s+/, $text), "\n";
print unpack("H*", pack("N n C", 0xdeadbeef, 513, 7)), "\n";
my @fib = (0, 1); push @fib, $fib[-1] + $fib[-2] while @fib < 60;
print "fib59 $fib[59]\n";
printf "%.10f\n", exp(1) ** 3 / log(10);
print join(" ", map { sprintf "%5.2f", sin($_ / 3) } 0 .. 7), "\n";
