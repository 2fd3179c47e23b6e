# Source: bluefoxr/COINr R/utils.R (stored version id 11927865396) + small helpers.
# Only the helpers used in the build path are kept.

`%nin%` <- function(x, table) match(x, table, nomatch = 0L) == 0L   # COINr: "not in"

is.coin <- function(x) inherits(x, "coin")
is.purse <- function(x) inherits(x, "purse")

check_coin_input <- function(x){
  if(!is.coin(x)){
    stop("Input is not recognised as a coin class object.")
  }
}

rbind_fill <- function(x1, x2){

  if(is.null(names(x1)) || is.null(names(x2))){
    stop("names of x1 or x2 is NULL")
  }

  # make to dfs
  x1 <- as.data.frame(as.list(x1))
  x2 <- as.data.frame(as.list(x2))

  # fill with NAs
  x1[setdiff(names(x2), names(x1))] <- NA
  x2[setdiff(names(x1), names(x2))] <- NA

  rbind(x1, x2)

}

tidy_list <- function(l){
  l[lengths(l) > 0]
}

set_default <- function(x, x_default){
  if(is.null(x)){
    x_default
  } else {
    x
  }
}

split_by_numeric <- function(x){

  stopifnot(is.data.frame(x))

  # numeric cols
  numeric_cols <- sapply(x, is.numeric)

  if(sum(numeric_cols) == 0){
    stop("No numeric cols found in the data frame.")
  }

  list(not_numeric = x[!numeric_cols],
       numeric = x[numeric_cols])

}
