// The message catalogue: every message finsam shows, by identifier, in Swedish and English.
// Placeholders `{1}`, `{2}`, … are filled by the arguments of `Message(.id, …)`, in order; both
// forms of an entry use the same placeholders (a test checks it). Identifiers, values and quoted
// query text are arguments, never translated.

/// The identifier of a catalogue entry.
public enum MessageID: String, Sendable, CaseIterable {
    case `and`, `or`, didYouMean, hintLabel, odsNoContent, odsSaveAgain, odsNoExtract, odsBadXML
    case odsNoSheetNamed, odsNoSheet, xlsxNoZip, xlsxSaveAgain, xlsxNoWorkbook, xlsxNoSheetNamed, xlsxNoSheet, xlsxNoPart
    case xlsxLacksPart, xlsxBadXML, xlsxFormula, profNoParameter, profNoParameters, profParameters, profNeedsValue, profAddToLoad
    case profTwoColumns, profReadsOne, profNoColumn, profFileColumns, rowExtraValue, rowExtraValueHint, profSameEveryRow, profNumbered
    case profIgnored, profLenient, profNotValue, readAsWorkbookSheet, readAsWorkbookFirst, binaryNotCSVOrXLSX, readAs, scbNothingAfterYears
    case scbNoRole, scbEveryRowNames, scbNotYear, scbNoFigure, scbNotNumber, scbRegion, scbNotAge, scbNotSex
    case scbSexHint, scbTwice, scbNoHeader, scbDownloadBE, scbNotKommun, scbNoFigures, scbChoose, scbChooseEvery
    case scbBandSum, scbSummed, scbLeftOut, scbHeaderNoColumn, scbDownload, ypEmpty, ypNotYAML, ypMapping
    case ypSeeHelp, ypUnknownKey, ypKeysAre, ypNoKey, ypEveryNames, ypOneValue, ypNoTable, ypTablesAre
    case ypExpectedColumn, ypDerived, ypNoColumn, ypPlainList, ypValueOrList, ypParameters, ypConstants, ypNumbered
    case ypNeedsColumns, ypHeaderPlain, ypUnknownColumnKey, ypColumnKeys, ypValuesMap, ypValuePlain, ypNoColumnNamed, ypNoColumnHint
    case ypMappedTwice, ypNeedsTo, ypExpectedColumnTo, ypFilledTwice, ypOnePlace, ypNoValueFor, ypInvalidYAML, ypIndent
    case sheetEmpty, sheetFirstRow, fileEmpty, fileFirstRow, sheetNotWorkbook, sheetLeaveOut, expectedWholeNumber, numberTooLarge
    case wholeNumbersHint, foundDecimals, roundHint, expectedDate, noSuchDate, yearOutside, dateWithTime, dateWithTimeHint
    case unknownValueFor, expectedBool, boolHint, notUTF8, saveUTF8, emptyItem, emptyItemHint, noKeyRow
    case everyReference, emptyKey, emptyKeyHint, noKeyRowQuoted, cannotOpen, notRegularFile, nameCSV, recordTooLong
    case quoteOpen, readError, quoteNotClosed, addClosingQuote, textAfterQuote, textAfterQuoteHint, quoteInside, quoteInsideHint
    case layoutReads, layoutHint, profileReads, profileReadsHint, looksSCB, looksSCBHint, danglingKey, danglingKeyHint
    case keyTwice, keyUnique, outsideRange, leaveEmpty, endBeforeStart, insatsStructural, insatsOtherForbund, insatsOtherForbundHint
    case endYearBeforeStart, popTwice, popOneRow, kommunListsForbund, membershipAgree, forbundListsKommun, xlsFile, xlsHint
    case readAsKindSheet, readAsKindFirst, binaryNotCSV, isUTF8Header, expectedHeaderRow, fieldCount, commaQuoted, everyRowNeeds
    case valueRequired, headerCellEmpty, derivedNotRead, derivedHint, unknownFileColumn, columnTwice, columnReadAs, headerIs
    case tempFile, tempCopy, oneOf, nameTheColumn, columnsOf, headerLacksColumn, kindODS, kindExcel
    case storedColumnsAre, ypMapAColumn, didYouMeanHeader, cellsOne, cellsMany, valuesOfColumn, sheetsAre, xlsxRecalc
    case headerLacksColumns, scbOneRegion, scbRegions, scbRegionLine, scbWhySex, scbWhyAges, scbWhyRegions, scbNoFiguresWhy
    case scbLacksAge, scbLacksAges, scbReadColumnPerYear, scbReadRowPerYear, scbLeftAges, scbLeftAgeTotals, scbLeftSexTotals, scbLeftRegions
    case scbLeftFootnotes, andMore, yearsCount, profUnknownOne, profUnknownMany, profStrictOne, profStrictMany, profStrictOneHint
    case profStrictManyHint, profWithPlace, profConstantPlace, profValueMapPlace, scbDotsHint, scbNeedsFigure, scbWholeNumber, scbRegionDidYouMean
    case scbRegionHint, scbAgeHint, scbOnce, quoteNotClosed2, endItWith, singleQuotes, useDoubleQuotes, negativeNumber
    case negativeHint, unexpectedCharacter, noMonth, datesWritten, monthDays, paramNotFinite, paramNoDate, paramUnused
    case paramUnusedHint, paramForValue, paramForValueHint, endsEarly, unexpectedExpected, tableRowOutside, tableRowOutsideHint, expClauseOrStatement
    case expNewStatement, expStatement, beginsNoStatement, continueHint, expStatementList, expNewColumnName, expSettingValue, expQuotedFile
    case expQueryAfterSQL, expQueryAfterExplain, unknownStatement, expExpectValue, expTable, stepShowsNothing, secondClause, joinWithAnd
    case listOrShow, acrossOrCompare, expByAfterOrder, topAtLeastOne, topHint, expWholeRows, expCiOrTest, expTestAfterCi
    case expNameAfterAs, formulaTooDeep, expMeasure, unknownMeasure, needsArgument, expRowColumnTotal, expDimension, expConditionAfter
    case finishCondition, conditionTooDeep, simplifyParens, expRangeOrList, expMissingOrEmpty, severalWords, writeQuoted, expCategoryName
    case expThenName, expWhenAfterCase, expWhenElseEndOne, expWhenElseEnd, paramNotName, paramNotNameHint, paramNoValue, paramNoValueHint
    case expAValue, expColumnName, expFromFile, expQuotedFileName, givenTwice, expSheetName, expProfile, expProfileParameter
    case expValueOf, withNoProfile, addProfileWith, strictNoProfile, addProfile, expAName, expEqualsAfterName, expCloseParen
    case expCloseList, expOpenList, expCloseCall, expParamValue, popEmpty, popEmptyHint, popNeedsYear, popNeedsYearHint
    case popNoYear, popYears, datePlusNumber, datePlusNumberHint, tooLargeForColumn, rowArithmeticWhole, arithmeticNeedsNumbers, numberColumns
    case datesSubtract, datesSubtractHint, noRowDivision, noRowDivisionHint, expColumnOrNumber, caseTooMany, listGroups, listGroupsHint
    case compareTwoValues, compareTwoValuesHint, twiceInBy, cannotOrderBy, testNeedsCrosstab, testCrosstabHint, testCounts, percentInFormula
    case percentInFormulaHint, havingRole, havingWhereHint, havingNumber, havingMeasures, havingByColumn, havingWhereTextHint, havingNotMeasure
    case expNumberColumn, forExampleMeasure, measureNeedsNumber, didYouMeanShare, distinctNoPerson, useCount, oneCondition, oneColumn
    case labelOneColumn, quantileArgs, quantileRange, periodOneDate, periodNeedsDate, dateColumns, binArgs, binNeedsNumber
    case binIncrease, cannotGroup, cannotGroupHint, expGroupColumn, expectedValue, expectedTrueFalse, noRowsHave, dataRange
    case unknownTable, notReference, dottedHint, letIsCondition, letIsConditionHint, letIsBands, letIsBandsHint, letIsCategories
    case unknownColumn, didYouMeanPrefixed, didYouMeanDotted, columnsOfTable, expValueOfColumn, hasDecimals, compareWhole, numberTooLargeFor
    case wholeUpTo, isADate, writeDateAs, orCompareYear, expDateFor, writeDates, expWholeFor, noKeyIn
    case expKeyOf, categoriesNotCondition, categoriesNotConditionHint, notCondition, definedAs, letNotApplySource, columnNotCondition, rangeEmpty
    case lowerFirst, rangeNeedsNumber, listTheValues, hasNeedsSet, compareSingle, isEmptyNeedsSet, useIsMissing, callNotCondition
    case shareIsMeasure, expCondition, conditionExamples, letNotApply, expColumnLeft, isCategory, isTrueFalse, writeTrue
    case isSetHas, hasExamples, refersTo, isSetHasEmpty, isText, isSetHasAny, expectNeedsResult, putQueryBefore
    case expectOneValueColumns, pasteTable, expectOneValueRows, expectedGot, valueSuppressed, expectedTableEmpty, resultNoColumn, rowCells
    case expectedDash, notANumber, resultDiffers, notAnInterval, stepTooLarge, stepTooLargeHint, sqlOneQuery, sqlExample
    case sqlTakesQuery, sqlListStep, sqlPipeline, noQuery, listCannotFeed, groupFirst, listRefused, listRefusedHint
    case ciLastStep, ciLastStepHint, readOnly, readOnlyHint, cancelled, alreadyColumn, chooseAnotherName, settingCannotBe
    case expectedX, unknownSetting, settingsList, setFormats, setDecimals, setSuppress, setOnOff, setCi
    case setWidth, layoutNoParameters, profileNoParameter, itTakesNone, addAsWith, noBuiltInProfile, builtInProfiles, cannotReadProfile
    case helpProfilesHint, profileNotUTF8, noResultToExport, runQueryFirst, cannotWrite, cannotTellFormat, endNameWith, noRowsHaveValue
    case testSet, testSetHint, testSmallCells, testSmallCellsHint, testTwoByTwo, plotNoMeasure, plotNoRows, testHidden
    case testHiddenHint, noRelativeDifference, orderBySkillnad, resultNoOrderColumn, havingTestsA, numberColumnsList, orderByMeasureOr, isOneOf
    case holdsKeyOf, tablesAre, compareIt, compareItEq, testIt, compareItWith, itsColumns, setLocale
    case listSeveral, measuresList, expSetting, paramsGiven, profileNeeds, tokenEnd, tokenTableRow, noRowInResult
    case cellExpectedGot, typeInt, typeText, typeBool, typeDate, typeCategory, typeCategorySet, typeYearSet
    case typeReferenceSet, semicolonSeparated, tabSeparated, commaSeparated, windows1252Text, noBefolkningFile, readThroughProfile, missingValues
    case noteMidnightOne, noteMidnight, noteBoolOne, noteBool, notePaddedOne, notePadded, noteCaseOne, noteCase
    case loadedHead, letDefined, letRedefined, oneRow, nRows, wrote, wroteChartOne, wroteChart
    case helpProfile, noHelpNear, noHelpTopics, noteHaving, noteSignificant, noteNoInterval, noteTop, noteSeveralValues
    case noteEmptyCompared, noteOverlap, oneCell, cells, suppressedSmall, suppressedMore, suppressedOthers, suppressedNote
    case suppressedHint, noteTableParts, noteTopRows, noteNotDrawn, chartTitle, noteFirstMeasure, noteChiSquare, noteFisher
    case noteHiddenStep, cannotReadFile, testSummary, bannerBuiltIn, bannerTablesFrom, bannerType, quoteStillOpen, timerLine
    case rowsHidden, dotOnOff, dotIsOn, dotIsOff, dotNeedsFile, dotCannotRead, dotCannotWrite, dotOutputStdout
    case dotOnceTo, dotOutputTo, dotMaxrowsNumber, dotMaxrows, dotMaxrowsAll, dotNoResult, dotUnknown, dotDidYouMean
    case dotSeeHelp, pathOnePass, pathGeneral, pathRolledUp, pathAllOnePass, pathEngineSet, pathOverDense, pathStateTooLarge
    case pathEachGeneral, tooManyCombinations, groupByFewer, tooManyGroups, groupByFewerOrFilter, planHead, planTable, planTableText
    case planWhere, planMeasures, planFormula, planNotShown, planCodes, planASet, planListed, planCompared
    case planLastFirst, planEveryValue, planGroupings, planHaving, planHavingText, planOrder, planAsGrouped, planCountedOnePass
    case planCountedSecondPass, planSuppression, planSuppressionText, planNoneOff, planNonePublic, planIntervals, accRows, accShare
    case accMomentsSpread, accMoments, accOrder, accDistinct, planListValues, planKeyOrder, planOrderedBy, planFirstN
    case planOneMoreStep, planMoreSteps, rangeAge, rangePercent, rangeYear, rangePeople, expectOk, expectOkOne
    case expectOkValues, errNoSuchFile, errPermission, errIsFolder, errNotFolder, dotReadExample, dotOnceExample, layoutSCB
    case profileNamed, stepRow, stepResult, reportNotWritten, reportNoTable, reportWrote, summaryTablesFrom, summaryBuiltIn
    case summaryTableLine, summaryStart, summaryMade, roleByColumn, roleColumnOf, wordTotal, wordDifference, wordPoints
    case wordMissing, intervalHeader
}

extension MessageID {
    /// The entry's Swedish and English forms (in Catalogue+Loading, +Language and +Session, by
    /// where the message is made, and +Suggestions, the hints that name a near match; `MessageCatalogueTests` checks that every entry has them).
    public var forms: (sv: String, en: String) {
        guard let forms = loadingForms ?? languageForms ?? sessionForms ?? suggestionForms else { preconditionFailure("\(rawValue) has no forms") }
        return forms
    }
}
