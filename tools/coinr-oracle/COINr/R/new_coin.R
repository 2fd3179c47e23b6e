# Source: bluefoxr/COINr R/new_coin.R (commit 0762843294f09e101e9e9ef0f784b8dad3415384)
# Panel-data splitting (split_iData) is omitted: the example is a single-year data set.
# check_iMeta(): the structural checks are kept; column-type checks are kept in substance.

new_coin <- function(iData, iMeta, exclude = NULL, split_to = NULL,
                     level_names = NULL, quietly = FALSE){

  coin <- vector(mode = "list", length = 0)
  coin <- write_log(coin)

  check_iData(iData, quietly = quietly)
  check_iMeta(iMeta, quietly = quietly)

  if(inherits(iData, "tbl_df")){
    iData <- as.data.frame(iData)
  }
  if(inherits(iMeta, "tbl_df")){
    iMeta <- as.data.frame(iMeta)
  }

  iData_codes <- colnames(iData)[colnames(iData) %nin% c("uCode", "uName", "Time")]

  if(any(iData_codes %nin% iMeta$iCode)){
    stop("Column names from iData not found in iMeta (excluding special columns).")
  }
  if(any(iMeta$iCode[iMeta$Type != "Aggregate"] %nin% colnames(iData))){
    stop("Entries in iMeta$iCode not found in colnames(iData).")
  }

  # we need indicator codes
  iCodes <- iMeta$iCode[iMeta$Type == "Indicator"]
  non_numeric_inds <- !(sapply(iData[iCodes], is.numeric))
  if(any(non_numeric_inds)){
    stop("Non-numeric indicators detected: ", paste(iCodes[non_numeric_inds], collapse = ", " ))
  }

  if(!is.null(exclude)){
    stopifnot(is.character(exclude))
    if(any(exclude %nin% iMeta$iCode)){
      stop("One or more entries in exclude not found in iMeta$iCode...")
    }
    iData <- iData[colnames(iData) %nin% exclude]
    iMeta <- iMeta[iMeta$iCode %nin% exclude, ]
    childless <- (iMeta$Level > 1) & (iMeta$iCode %nin% iMeta$Parent)
    childless[is.na(childless)] <- FALSE
    iMeta <- iMeta[!childless, ]
    iCodes <- iMeta$iCode[iMeta$Type == "Indicator"]
    iCodes <- iCodes[!is.na(iCodes)]
  }

  # default names are codes
  if(is.null(iData$uName)){
    iData$uName <- iData$uCode
  }
  if(is.null(iMeta$iName)){
    iMeta$iName <- iMeta$iCode
  }

  # SORT DFS
  not_icodes <- names(iData)[names(iData) %nin% c("uCode", iCodes)]

  iMeta <- iMeta[order(iMeta$Level, iMeta$Parent),]
  iData <- iData[c("uCode", not_icodes, iCodes)]

  is_panel <- length(unique(iData$Time)) > 1
  if(is_panel){
    iData <- iData[order(iData$Time, iData$uCode),]
  } else {
    iData <- iData[order(iData$uCode),]
  }

  if(!is.null(split_to) || is_panel){
    stop("Panel data not supported in this reduced oracle copy.")
  }
  iData_list <- list(iData)

  coin$Meta$Ind <- iMeta
  coin$Meta$Lineage <- get_lineage(iMeta, level_names = level_names)
  coin$Meta$maxlev <- max(iMeta$Level, na.rm = TRUE)
  coin$Meta$Weights$Original <- iMeta[iMeta$Type %in% c("Indicator", "Aggregate"),
                                      c("iCode", "Level", "Weight")]
  coin$Log$new_coin$split_to <- NULL
  coin$Log$can_regen <- TRUE

  coinmaker <- function(iDatai){
    coin_i <- coin
    coin_i <- write_dset(coin_i, iDatai[c("uCode", iCodes)], dset = "Raw",
                         ignore_class = TRUE)
    coin_i$Log$new_coin$iData <- iDatai
    coin_i$Meta$Unit <- iDatai[c("uCode", not_icodes)]
    class(coin_i) <- "coin"
    coin_i
  }

  coins <- lapply(iData_list, coinmaker)
  coins[[1]]
}

check_iData <- function(iData, quietly = FALSE){

  stopifnot(is.data.frame(iData))
  if(inherits(iData, "tbl_df")){
    iData <- as.data.frame(iData)
  }
  required_cols <- c("uCode")
  if(any(required_cols %nin% colnames(iData))){
    stop("One or more expected col names not found (", required_cols, ").")
  }
  if(!is.character(iData$uCode)){
    stop("uCode is required to be a character vector.")
  }
  if(!is.null(iData[["Time"]])){
    if(!is.numeric(iData$Time)){
      stop("iData$Time is required to be a numeric vector.")
    }
    is_panel <- length(unique(iData$Time)) > 1
  } else {
    is_panel <- FALSE
  }
  if(!is.null(iData[["uName"]])){
    if(!is.character(iData$uName)){
      stop("iData$uName is required to be a character vector.")
    }
  }
  if(is_panel){
    if(anyDuplicated(iData[c("uCode", "Time")]) > 1){
      stop("Duplicate uCode/Time pairs found.")
    }
  } else {
    if(anyDuplicated(iData$uCode) > 1){
      stop("Duplicates detected in iData$uCode.")
    }
  }
  if(anyDuplicated(colnames(iData)) > 1){
    stop("Duplicates detected in colnames(iData).")
  }
  if(length(intersect(unique(iData$uCode), colnames(iData) ))>0){
    stop("uCode and colnames(iData) contain overlapping codes.")
  }
  if(!quietly){
    message("iData checked and OK.")
  }
}

check_iMeta <- function(iMeta, quietly = FALSE){

  stopifnot(is.data.frame(iMeta))
  required_cols <- c("Level", "iCode", "Parent", "Direction", "Type", "Weight")
  if(!all(required_cols %in% colnames(iMeta))){
    stop("One or more expected col names not found (Level, iCode, Parent, Direction, Type, Weight).")
  }
  col_numeric <- c("Level", "Direction", "Weight")
  col_char <- setdiff(required_cols, col_numeric)
  if(!all(sapply(iMeta[col_numeric], is.numeric))){
    stop("One or more of the following columns is not numeric: ", paste0(col_numeric, collapse = "/"))
  }
  if(!all(sapply(iMeta[col_char], is.character))){
    stop("One or more of the following columns is not character: ", paste0(col_char, collapse = "/"))
  }
  levs <- unique(iMeta$Level[!is.na(iMeta$Level)])
  maxlev <- max(levs, na.rm = TRUE)
  if(!setequal(levs, 1:maxlev)){
    stop("Level column has missing entries between 1 and max(Level).")
  }
  if(anyDuplicated(iMeta$iCode) != 0){
    stop("Duplicate entries in iCode.")
  }
  dirs <- iMeta$Direction[!is.na(iMeta$Direction)]
  if(any(dirs %nin% c(-1, 1))){
    stop("One or more entries in Direction are not -1 or 1.")
  }
  itypes <- c("Indicator", "Aggregate", "Group", "Denominator", "Other")
  if(any(iMeta$Type %nin% itypes)){
    stop("One or more entries in Type is not allowed.")
  }
  if( any(is.na(iMeta$Weight) & (iMeta$Type %in% c("Indicator", "Aggregate"))) ){
    stop("NAs detected in Weight for Indicator/Aggregates.")
  }
  if(!is.null(iMeta$Target)){
    if( any(is.na(iMeta$Target) & (iMeta$Type == "Indicator")) ){
      stop("NAs detected in Target for Type = 'Indicator'.")
    }
  }
  notin_iCode <- (iMeta$Parent[!is.na(iMeta$Parent)] %nin% iMeta$iCode)
  if(any(notin_iCode)){
    stop("One or more entries in Parent not found in iCode.")
  }
  levcheck <- function(x){
    chld <- x[1]
    prnt <- x[2]
    chld_lev <- iMeta$Level[iMeta$iCode == chld]
    if(chld_lev == maxlev) return(NULL)
    prnt_lev <- iMeta$Level[iMeta$iCode == prnt]
    if(prnt_lev != (chld_lev + 1)){
      stop("Level discrepancy detected: iCode = ", chld, ", Parent = ", prnt)
    }
  }
  check_struct <- apply(iMeta[(iMeta$Type %in% c("Indicator", "Aggregate")) ,c("iCode", "Parent")],
                        MARGIN = 1, levcheck)
  if(!quietly){
    message("iMeta checked and OK.")
  }
}

get_lineage <- function(iMeta, level_names = NULL){

  longS <- iMeta[c("iCode", "Parent")]
  wideS <- iMeta[iMeta$Type == "Indicator", c("iCode", "Parent")]

  maxlev <- max(iMeta$Level, na.rm = TRUE)

  for(ii in 2:(maxlev-1)){
    wideS <- cbind(wideS,
                   longS$Parent[match(wideS[[ii]], longS$iCode)])
  }

  if(is.null(level_names)){
    level_names <- paste0("Level_", 1:maxlev)
  } else {
    if(length(level_names) != ncol(wideS)){
      stop("level_names is not the same length as the number of levels in the index.")
    }
  }
  colnames(wideS) <- level_names

  wideS[do.call(order, rev(wideS)), ]
}
